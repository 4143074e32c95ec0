# The api, worker and janitor images. Build context: the repository root.
#   docker build -f docker/services.Dockerfile --target api     -t code-interpreter-api:0.1.0 .
#   docker build -f docker/services.Dockerfile --target worker  -t code-interpreter-worker:0.1.0 .
#   docker build -f docker/services.Dockerfile --target janitor -t code-interpreter-janitor:0.1.0 .
#
# One Dockerfile with one target per service rather than three Dockerfiles or an ARG SERVICE: the Maven reactor
# build (the slow part) is one stage that every target shares, so `docker compose build` runs it once; the
# worker needs a different runtime (bubblewrap, setpriv, the Python data stack), which a target expresses
# plainly and a build argument could only do with conditional shell.
#
# Tags are exact; whoever builds release images should also pin the digests (image:tag@sha256:…), which cannot
# be looked up from the machines this repository is developed on.

FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -pl api-service,worker-service,janitor-service -am package -DskipTests \
 && mkdir /out \
 && cp api-service/target/api-service-*-exec.jar /out/api-service.jar \
 && cp worker-service/target/worker-service-*-exec.jar /out/worker-service.jar \
 && cp janitor-service/target/janitor-service-*-exec.jar /out/janitor-service.jar

FROM eclipse-temurin:17.0.16_8-jre-noble AS runtime
# The image has no curl: the worker's and janitor's checks speak HTTP to their /readyz with bash alone.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
WORKDIR /app

FROM runtime AS api
COPY --from=build /out/api-service.jar /app/service.jar
ENV APP_HTTP_LISTEN_ADDR=0.0.0.0:50081 APP_MANAGEMENT_LISTEN_ADDR=0.0.0.0:50082
EXPOSE 50081 50082
USER 1000:1000
# Healthy while print(21 * 2) prints 42 through the whole path (api, Kafka, a worker, a sandbox): the health-check
# command, a JVM of its own for a second or so, hence the longer interval.
HEALTHCHECK --interval=30s --timeout=40s --start-period=90s --retries=3 \
  CMD ["java", "-XX:TieredStopAtLevel=1", "-jar", "/app/service.jar", "health-check"]
ENTRYPOINT ["java", "-jar", "/app/service.jar"]

FROM runtime AS janitor
COPY --from=build /out/janitor-service.jar /app/service.jar
USER 1000:1000
ENV APP_MANAGEMENT_LISTEN_ADDR=0.0.0.0:50082
EXPOSE 50082
# Healthy while its /readyz answers 200 (Kafka, Redis and the file store answer).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/50082 && printf 'GET /readyz HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-jar", "/app/service.jar"]

FROM runtime AS worker
# The local backend: bubblewrap sandboxes, setpriv (util-linux), and /usr/bin/python3 with the data stack
# offered to user code (the same Debian/Ubuntu packages as on a development machine), and pip, with which the
# worker installs what programs import (APP_PIP_*) into the package cache.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        bubblewrap util-linux python3 python3-numpy python3-pandas python3-scipy python3-matplotlib python3-pil \
        python3-sympy python3-pip \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/cache/code-interpreter/packages \
 && chown 1000:1000 /var/cache/code-interpreter/packages
COPY --from=build /out/worker-service.jar /app/service.jar
# Non-root: sandboxes use unprivileged user namespaces (see docker-compose.yml for the security options this
# needs). As non-root all sandboxes share the worker's uid, so APP_EXECUTOR_MAX_PROCESSES is shared too.
USER 1000:1000
ENV APP_MANAGEMENT_LISTEN_ADDR=0.0.0.0:50082 \
    APP_PACKAGE_CACHE_DIR=/var/cache/code-interpreter/packages
EXPOSE 50082
# Healthy while its /readyz answers 200 (Kafka, Redis, the file store, and a sandbox can be leased).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/50082 && printf 'GET /readyz HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-jar", "/app/service.jar"]
