# studybot: a small image running `studybot run`, with the SQLite database on a volume.
FROM python:3.11-slim

# CJK glyphs for the streak calendar and report charts.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 studybot
WORKDIR /app
COPY --chown=studybot:studybot . /app
# Installed exactly as the README does: the package from its checkout (migrations/ and content/ stay beside it).
RUN pip install --no-cache-dir -e .

USER studybot
ENV DATABASE_URL=sqlite:////data/studybot.sqlite3 \
    PYTHONUNBUFFERED=1
VOLUME ["/data"]
CMD ["studybot", "run"]
