# Build context: the repository root, after ./mvnw -B -DskipTests package
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 flotilla
COPY meta-controller/target/flotilla-meta-controller.jar /opt/flotilla/flotilla-meta-controller.jar
USER 10001
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/flotilla/flotilla-meta-controller.jar"]
