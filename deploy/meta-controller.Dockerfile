# The meta-controller image. Build context: the repository root, after ./mvnw -B -DskipTests package:
#   docker build -f deploy/meta-controller.Dockerfile -t flotilla/meta-controller:0.1.0 .
# Spring Boot's jar layers, least to most often changed, each its own image layer: a new Flotilla build ships the
# application layer (under 2 MB) and reuses the dependencies.
FROM eclipse-temurin:25-jre AS layers
WORKDIR /layers
COPY meta-controller/target/flotilla-meta-controller.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:25-jre
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
# The code is built for Java 17; the image runs it on Java 25 with the generational Z collector, which stops the
# application for well under a millisecond: G1's young collections stopped it for 50-140 ms at 10,000 agents,
# which was most of the portal's p99 during a fleet rollout (docs/operations.md: memory and collector; the choice is
# measured in docs/benchmarks.md). ZUncommitDelay=10: heap unused for 10 s goes back to the system, so a replica whose
# soft limit heap.QuietHeap lowered while it is quiet shrinks (Java's default waits 300 s); TrimNativeHeapInterval:
# every 10 s the C heap hands back what the JVM freed (60 MB at 10,000 agents). ThreadPriorityPolicy=1 hands the
# agent API's lower thread priority (flotilla.agent.thread-priority) to Linux: the JVM warns that it may need
# privileges, which only raising does
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+UseZGC", "-XX:ZUncommitDelay=10", \
    "-XX:TrimNativeHeapInterval=10000", "-XX:ThreadPriorityPolicy=1", \
    "org.springframework.boot.loader.launch.JarLauncher"]
