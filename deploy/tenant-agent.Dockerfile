# The tenant agent image. Build context: the repository root, after ./mvnw -B -DskipTests package:
#   docker build -f deploy/tenant-agent.Dockerfile -t flotilla/tenant-agent:0.1.0 .
# Spring Boot's jar layers, least to most often changed, each its own image layer: across a fleet of thousands
# of clusters an agent upgrade pulls the application layer (under 1 MB) and reuses the dependencies.
FROM eclipse-temurin:17-jre AS layers
WORKDIR /layers
COPY tenant-agent/target/flotilla-tenant-agent.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17-jre
# a numeric non-root user, so that runAsNonRoot can be verified by the kubelet
RUN useradd --system --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin flotilla
WORKDIR /opt/flotilla
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./
USER 10001:10001
# 9090: /livez, /readyz, /metrics (flotilla.agent.management.port); the agent listens on nothing else
EXPOSE 9090
# fits a 256 MiB container: measured RSS about 120-150 MB with MaxRAM=256m
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-XX:+UseSerialGC", "org.springframework.boot.loader.launch.JarLauncher"]
