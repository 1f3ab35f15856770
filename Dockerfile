# The portal as a container image: vragen from this repository (built as a wheel here, since it is
# not on PyPI), its pinned stack, the built output baked in, and the public-serving settings of
# `vragen serve` (immutable database, 1 s SQL limit, SQL off, CSP, gzip, CORS).
#
#   vragen build                       # the output the image serves: build/
#   docker build -t vragen-site .
#   docker run -p 8001:8001 vragen-site
#
# Under a path prefix behind a proxy: docker run ... vragen-site vragen serve /srv/vragen \
#   --host 0.0.0.0 --base-url /vragen/

FROM python:3.11-slim AS wheel
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 vragen
COPY --from=wheel /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
COPY --chown=vragen build /srv/vragen
USER vragen
EXPOSE 8001
CMD ["vragen", "serve", "/srv/vragen", "--host", "0.0.0.0", "--port", "8001"]
