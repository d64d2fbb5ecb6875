# The mcppol proxy as a container image: a Temurin 17 JRE, the CLI jar, a non-root user, and
# `mcppol proxy` as the entrypoint (arguments after the image name go to the proxy).
#
#   mvn -B -ntp -DskipTests package -pl cli -am      # builds cli/target/mcppol.jar
#   docker build -t mcppol .
#   docker run --rm -p 8080:8080 -v "$PWD:/work:ro" mcppol \
#       --policy policy.mcppol --listen 0.0.0.0:8080 --upstream http://mcp-server:3001/mcp
#
# stdio servers run inside the container, so an image for them adds the server's own runtime
# (e.g. FROM this image, install Node, then `-- node server.js`).
FROM eclipse-temurin:17-jre

RUN groupadd --system --gid 10001 mcppol \
    && useradd --system --uid 10001 --gid mcppol --home-dir /work --shell /usr/sbin/nologin mcppol \
    && mkdir -p /work /opt/mcppol \
    && chown mcppol:mcppol /work

COPY cli/target/mcppol.jar /opt/mcppol/mcppol.jar

USER 10001:10001
WORKDIR /work
ENTRYPOINT ["java", "-jar", "/opt/mcppol/mcppol.jar", "proxy"]
CMD ["--help"]
