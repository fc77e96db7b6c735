# Build context: the repository root, after ./mvnw -B -DskipTests package
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 flotilla
COPY tenant-agent/target/flotilla-tenant-agent.jar /opt/flotilla/flotilla-tenant-agent.jar
USER 10001
# fits a 256 MiB container: measured RSS about 120-150 MB with MaxRAM=256m
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-XX:+UseSerialGC", "-jar", "/opt/flotilla/flotilla-tenant-agent.jar"]
