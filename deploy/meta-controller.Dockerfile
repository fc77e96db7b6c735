# The meta-controller image. Build context: the repository root, after ./mvnw -B -DskipTests package:
#   docker build -f deploy/meta-controller.Dockerfile -t flotilla/meta-controller:0.1.0 .
# Spring Boot's jar layers, least to most often changed, each its own image layer: a new Flotilla build ships the
# application layer (under 2 MB) and reuses the dependencies.
FROM eclipse-temurin:17-jre AS layers
WORKDIR /layers
COPY meta-controller/target/flotilla-meta-controller.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17-jre
# a numeric non-root user, so that runAsNonRoot can be verified by the kubelet
RUN useradd --system --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin flotilla \
    && mkdir -p /var/lib/flotilla && chown 10001:10001 /var/lib/flotilla
WORKDIR /opt/flotilla
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./
USER 10001:10001
# 8080: API, dashboard and the agents' endpoint; 9090: actuator when MANAGEMENT_SERVER_PORT=9090 (the chart sets it)
EXPOSE 8080 9090
# the root file system may be read-only: scratch files go to /tmp, data to FLOTILLA_DATA_DIR (both volumes)
ENV FLOTILLA_DATA_DIR=/var/lib/flotilla
# G1 hands back, within a minute of going idle, the heap it grew to while thousands of agents registered
# (docs/operations.md: memory at 10,000 agents); ThreadPriorityPolicy=1 hands the agent API's lower thread priority
# (flotilla.agent.thread-priority) to Linux: the JVM warns that it may need privileges, which only raising does
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:G1PeriodicGCInterval=10000", "-XX:MinHeapFreeRatio=10", \
    "-XX:MaxHeapFreeRatio=30", "-XX:ThreadPriorityPolicy=1", "org.springframework.boot.loader.launch.JarLauncher"]
