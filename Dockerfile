# One image for every PACARS service; the command picks the service.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY pyproject.toml ./
COPY shared ./shared
COPY services ./services
COPY scripts ./scripts
RUN pip install . \
 && useradd --system --uid 10001 pacars \
 && mkdir -p /data && chown pacars /data
USER pacars
ENV DATA_DIR=/data

# e.g. `python -m services.intake`; overridden per service in docker-compose.yml
CMD ["python", "-m", "services.intake"]
