# The production image: `python -m service` with N uvicorn workers, behind the hospital's TLS proxy.
# Settings are CDS_* environment variables (`docker run IMAGE python -m service --help`);
# compose.yaml runs it with PostgreSQL and `python -m service migrate` first.
# tests/service/test_container.py runs this file's CMD and HEALTHCHECK outside a container, so
# the recipe and the code cannot drift apart.

# --- build: the wheel of this checkout (service/ and hooks/, with their data files) ----------
FROM python:3.11.11-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY service ./service
COPY hooks ./hooks
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

# --- run ----------------------------------------------------------------------------------------
FROM python:3.11.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
# psycopg[binary] brings its own libpq: no apt packages, no compiler.
COPY --from=build /wheels /wheels
RUN set -e; wheel="$(echo /wheels/*.whl)"; pip install "${wheel}[postgres]"; rm -rf /wheels
# A user without a shell or a home to write to; /app/var only for a SQLite store (one instance).
RUN groupadd --system --gid 10001 cds \
    && useradd --system --uid 10001 --gid cds --no-create-home --shell /usr/sbin/nologin cds \
    && mkdir -p /app/var && chown cds:cds /app/var
WORKDIR /app
USER 10001:10001

# The image's own variables (not settings): where and with how many workers it listens.
ENV CDS_HOST=0.0.0.0 \
    CDS_PORT=8765 \
    CDS_WORKERS=2
EXPOSE 8765
# `exec`: python receives the orchestrator's SIGTERM itself, and its workers finish the calls
# in flight and write out the audit queue (CDS_SHUTDOWN_TIMEOUT_S) before it exits.
CMD ["/bin/sh", "-c", "exec python -m service --host \"${CDS_HOST:-0.0.0.0}\" --port \"${CDS_PORT:-8765}\" --workers \"${CDS_WORKERS:-2}\""]
# Ready = the store answers (GET /readyz); python's own urllib, no curl in the image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('CDS_PORT', '8765') + '/readyz', timeout=4)"]
