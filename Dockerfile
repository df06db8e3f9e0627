# syntax=docker/dockerfile:1
#
# The classroom's JupyterLab image (service `jupyter` in docker-compose.yml):
# Python 3.11, a JDK 17 for Spark, requirements.txt, the workshop package and
# every jar the workshop needs, all fetched at build time so that a class runs
# without internet once the image is built or loaded.  Guide: docs/classroom.md.
#
# Base: the official Python image on Debian 12, pinned to a patch release.
# Multi-arch (linux/amd64 + linux/arm64); Debian's openjdk-17 exists for both.
FROM python:3.11.13-slim-bookworm

ARG DEBIAN_FRONTEND=noninteractive

# A JDK (not only a JRE): pyspark 4 needs Java 17+ with its full module set.
# fonts-noto-cjk: Hangul glyphs for the Korean edition's plots (workshop/fonts.py).
# Debian's archive keeps only the current security release of each package, so
# pinning an exact apt version would break the build at the next JDK update;
# the base image tag pins the distribution instead.
# hadolint ignore=DL3008
RUN mkdir -p /usr/share/man/man1 \
    && apt-get update \
    && apt-get install -y --no-install-recommends openjdk-17-jdk-headless fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/* \
    && ln -s "/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture)" /usr/lib/jvm/java-17

ENV JAVA_HOME=/usr/lib/jvm/java-17 \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    JUPYTER_CONFIG_PATH=/workshop/workshop/jupyter_config:/workshop/deploy/jupyter \
    WORKSHOP_JARS=/opt/workshop/jars

# The learner's account, uid/gid 1000 (used by number below): the first user on
# most Linux and WSL2 installations, so the bind-mounted notebooks stay
# writable from both sides.
RUN groupadd --gid 1000 learner \
    && useradd --create-home --uid 1000 --gid 1000 --shell /bin/bash learner \
    && mkdir -p /workshop/notebooks /workshop/.workshop /opt/workshop/jars \
    && chown -R 1000:1000 /workshop /opt/workshop

WORKDIR /workshop

# Python packages first (this layer changes only with requirements.txt).
COPY requirements.txt /workshop/requirements.txt
RUN pip install --no-cache-dir -r /workshop/requirements.txt

# The workshop package, installed editable from /workshop (its notebooks, images
# and .workshop/ home live beside it), then every jar it needs (Spark's Kafka
# connector and its dependencies, the embedded servers' jars) into $WORKSHOP_JARS.
COPY --chown=1000:1000 pyproject.toml README.md /workshop/
COPY --chown=1000:1000 workshop/ /workshop/workshop/
RUN pip install --no-cache-dir --no-deps -e /workshop
USER 1000:1000
RUN python -m workshop prefetch

# The rest of the project (notebooks, images, README); .dockerignore keeps out
# virtual environments, caches and local state.  ./notebooks is mounted over
# /workshop/notebooks by docker-compose, so learners' edits stay on the laptop.
COPY --chown=1000:1000 . /workshop/

EXPOSE 8888 4040

# /api answers without a token, so the health check needs no secret.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=5 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8888/api', timeout=4)"]

# 0.0.0.0 inside the container so the published port reaches it (compose
# publishes it on the laptop's 127.0.0.1 only).  No --IdentityProvider.token
# override: JupyterLab makes a random token and prints the URL with it.  Same
# root as `python -m workshop lab`: the project, so the notebooks' ../images/
# links resolve.  deploy/jupyter/jupyter_lab_config.py opens the notebooks
# folder, or notebooks/ko/ with Korean menus when WORKSHOP_LANG=ko.
CMD ["jupyter", "lab", "--ip=0.0.0.0", "--port=8888", "--no-browser", "--ServerApp.root_dir=/workshop"]
