# The ecs-advisor dashboard (`streamlit run app.py`) as a container image.
#
#   docker build -t ecs-advisor:0.1.0 .
#   docker run --rm -p 8501:8501 ecs-advisor:0.1.0      # then open http://localhost:8501
#
# Two stages: `build` installs the pinned runtime requirements into a virtualenv; `runtime`
# copies only that virtualenv and the code, and runs as an unprivileged user. The base image
# is an official Python slim image pinned to an exact tag (pin its digest too in your own
# registry mirror). Requirements are copied and installed before the code, so editing code
# does not reinstall dependencies.

FROM python:3.11.14-slim-bookworm AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1

WORKDIR /build
COPY requirements.txt ./
RUN python -m venv /opt/venv \
    && /opt/venv/bin/python -m pip install --no-cache-dir -r requirements.txt


FROM python:3.11.14-slim-bookworm AS runtime

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    STREAMLIT_SERVER_HEADLESS=true \
    STREAMLIT_SERVER_PORT=8501 \
    STREAMLIT_SERVER_ADDRESS=0.0.0.0 \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false

RUN groupadd --system --gid 10001 advisor \
    && useradd --system --uid 10001 --gid advisor --create-home --home-dir /home/advisor \
        --shell /usr/sbin/nologin advisor

WORKDIR /app
COPY --from=build /opt/venv /opt/venv
# Code and the embedded price snapshot stay owned by root: the app only reads them.
COPY app.py ./
COPY .streamlit/ ./.streamlit/
COPY advisor/ ./advisor/
COPY pricing/ ./pricing/
COPY ui/ ./ui/
COPY data/ ./data/

# Numeric, so orchestrators can verify runAsNonRoot without reading /etc/passwd.
USER 10001:10001
EXPOSE 8501

# Streamlit answers "ok" on /_stcore/health once the server is up (slim images have no curl).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; r = urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4); sys.exit(0 if r.read() == b'ok' else 1)"]

CMD ["streamlit", "run", "app.py"]
