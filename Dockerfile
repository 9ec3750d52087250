# One image for every service of the ledger; docker-compose.yml picks the main class per service.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/launcher/target/launcher.jar /app/launcher.jar
COPY --from=build /src/launcher/target/lib /app/lib
RUN useradd --system --home /app ledger && mkdir -p /app/data && chown ledger /app/data
USER ledger
ENTRYPOINT ["java", "-cp", "/app/launcher.jar:/app/lib/*"]
