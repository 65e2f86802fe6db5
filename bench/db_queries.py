"""Database benchmark: the hot reads on 100,000 learners and 10 million quiz answers.

    python bench/db_queries.py --backend sqlite      # builds bench/.cache/db_queries-*.sqlite3
    python bench/db_queries.py --backend postgres    # builds database studybot_bench_* locally

The dataset (bench/db_dataset.py) is built once per scale and reused (``--rebuild`` forces
it): SQLite through executemany in large transactions, PostgreSQL through COPY. Then each
query runs through the repository functions, a new session per call, and the table shows
p50/p95/max in milliseconds. Targets (issue 3): leaderboard and streak p95 < 20 ms, due
chats < 50 ms.
"""

from __future__ import annotations

import os
import platform
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from datetime import timedelta
from pathlib import Path

import psycopg
import typer
from psycopg import sql
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from db_dataset import DAY0, LOAD_ORDER, TODAY, Dataset, Scale

from bot.db.migrate import upgrade_to_head
from bot.db.repositories import chats, leaderboard, quiz, study
from bot.db.session import make_engine, make_session_factory

CACHE = Path(__file__).resolve().parent / ".cache"
PG_SERVER = os.environ.get("STUDYBOT_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
CHUNK = 200_000
TARGETS_MS = {"group weekly leaderboard": 20.0, "learner streak": 20.0, "due chats": 50.0}

app = typer.Typer(add_completion=False)


@app.command()
def main(
    backend: str = typer.Option("sqlite", help="sqlite or postgres"),
    learners: int = typer.Option(100_000),
    answers: int = typer.Option(10_000_000),
    iterations: int = typer.Option(500, help="measured calls per query"),
    rebuild: bool = typer.Option(False, help="rebuild the cached dataset"),
) -> None:
    scale = Scale(learners=learners, answers=answers)
    started = time.perf_counter()
    url = prepare(backend, scale, rebuild)
    upgrade_to_head(url)  # a cached dataset follows new migrations
    print(f"dataset ready in {time.perf_counter() - started:.0f} s: {url}")
    engine = make_engine(url)
    try:
        print_machine(engine)
        print_counts(engine)
        results = measure(make_session_factory(engine), scale, iterations)
    finally:
        engine.dispose()
    print_table(backend, results)


# --- building -------------------------------------------------------------------------------


def prepare(backend: str, scale: Scale, rebuild: bool) -> str:
    tag = f"{scale.learners}l-{scale.answers}a-{scale.days}d-s{scale.seed}-v{scale.version}"
    if backend == "sqlite":
        return prepare_sqlite(CACHE / f"db_queries-{tag}.sqlite3", scale, rebuild)
    if backend == "postgres":
        return prepare_postgres(f"studybot_bench_{tag.replace('-', '_')}", scale, rebuild)
    raise typer.BadParameter(f"unknown backend {backend!r}")


def prepare_sqlite(path: Path, scale: Scale, rebuild: bool) -> str:
    url = f"sqlite:///{path}"
    done = path.with_suffix(".complete")
    if done.exists() and path.exists() and not rebuild:
        return url
    for stale in (path, done, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    upgrade_to_head(url)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA synchronous=OFF")
    connection.execute("PRAGMA cache_size=-1000000")
    dataset = Dataset(scale)
    for table in LOAD_ORDER:
        load_sqlite(connection, table, dataset.rows(table))
    timed("ANALYZE", lambda: connection.execute("ANALYZE"))
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    done.write_text("ok\n")
    return url


def load_sqlite(connection: sqlite3.Connection, table: str, rows: Iterable[tuple]) -> None:
    columns = Dataset.columns(table)
    statement = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    )
    started, total = time.perf_counter(), 0
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK * 5:
            total += _sqlite_batch(connection, statement, batch)
            batch = []
    total += _sqlite_batch(connection, statement, batch)
    print(f"  {table}: {total:,} rows in {time.perf_counter() - started:.1f} s", flush=True)


def _sqlite_batch(connection: sqlite3.Connection, statement: str, batch: list[tuple]) -> int:
    connection.execute("BEGIN")
    connection.executemany(statement, batch)
    connection.execute("COMMIT")
    return len(batch)


def prepare_postgres(name: str, scale: Scale, rebuild: bool) -> str:
    url = f"{PG_SERVER.replace('postgresql://', 'postgresql+psycopg://', 1)}/{name}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        row = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            (name,),
        ).fetchone()
        if row is not None and row[0] == "complete" and not rebuild:
            return url
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    upgrade_to_head(url)
    dataset = Dataset(scale, datetime_suffix="+00")
    with psycopg.connect(f"{PG_SERVER}/{name}") as connection:
        connection.execute("SET session_replication_role = replica")  # no FK triggers on load
        connection.execute("SET synchronous_commit = off")
        for table in LOAD_ORDER:
            load_postgres(connection, table, dataset.rows(table))
            connection.commit()
        connection.execute(
            "SELECT setval(pg_get_serial_sequence('quiz_answers', 'id'), max(id)) FROM quiz_answers"
        )
        connection.commit()
    with psycopg.connect(f"{PG_SERVER}/{name}", autocommit=True) as connection:
        timed("VACUUM ANALYZE", lambda: connection.execute("VACUUM ANALYZE"))
        connection.execute(
            sql.SQL("COMMENT ON DATABASE {} IS 'complete'").format(sql.Identifier(name))
        )
    return url


def load_postgres(connection: psycopg.Connection, table: str, rows: Iterable[tuple]) -> None:
    columns = sql.SQL(", ").join(map(sql.Identifier, Dataset.columns(table)))
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(table), columns)
    started, total = time.perf_counter(), 0
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            total += 1
    print(f"  {table}: {total:,} rows in {time.perf_counter() - started:.1f} s", flush=True)


def timed(label: str, action: Callable[[], object]) -> None:
    started = time.perf_counter()
    action()
    print(f"  {label}: {time.perf_counter() - started:.1f} s", flush=True)


# --- measuring ------------------------------------------------------------------------------


def measure(
    factory: sessionmaker[Session], scale: Scale, iterations: int
) -> dict[str, tuple[list[float], float]]:
    """Per query: the latencies in ms and the mean number of rows returned."""
    dataset = Dataset(scale)
    rng = random.Random(scale.seed + 99)
    group_ids = [dataset.group_chat_id(g) for g in range(len(dataset.groups))]
    week = (TODAY - timedelta(days=6), TODAY)
    since = TODAY - timedelta(days=399)

    def weekly(session: Session) -> int:
        return len(leaderboard.group_window_rows(session, rng.choice(group_ids), *week))

    def streak(session: Session) -> int:
        learner_id = rng.randint(1, scale.learners)
        study.get_streak(session, learner_id)
        return len(study.study_days(session, learner_id, since=since))

    def due(session: Session) -> int:
        # Steady state: the planner advanced every earlier chat, so what is due is one
        # minute's worth (next_push_at spans the 24 hours from DAY0).
        now = DAY0 + timedelta(seconds=60 + rng.randrange(60))
        return len(chats.due_chats(session, now, limit=500))

    def due_backlog(session: Session) -> int:
        # Worst case: hours of pushes piled up (say after downtime); one batch of 500.
        now = DAY0 + timedelta(minutes=rng.randrange(60, 1440))
        return len(chats.due_chats(session, now, limit=500))

    def answers_of_day(session: Session) -> int:
        day = TODAY - timedelta(days=rng.randrange(30))
        return len(quiz.answers_on(session, rng.randint(1, scale.learners), day))

    def global_top(session: Session) -> int:
        return len(leaderboard.global_rows(session, TODAY, limit=10))

    def global_week(session: Session) -> int:
        return len(leaderboard.global_window_rows(session, week[0], week[1], TODAY))

    queries = {
        "group weekly leaderboard": weekly,
        "learner streak": streak,
        "due chats": due,
        "due chats, backlog of 500": due_backlog,
        "answers of a day": answers_of_day,
        "global top 10": global_top,
        "global weekly board": global_week,
    }
    return {name: run(factory, query, iterations) for name, query in queries.items()}


def run(
    factory: sessionmaker[Session], query: Callable[[Session], int], iterations: int
) -> tuple[list[float], float]:
    for _ in range(max(10, iterations // 20)):  # warm-up: pool, caches, statement cache
        with factory() as session:
            query(session)
    latencies, rows = [], 0
    for _ in range(iterations):
        started = time.perf_counter()
        with factory() as session:
            rows += query(session)
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies, rows / iterations


# --- reporting ------------------------------------------------------------------------------


def print_machine(engine: Engine) -> None:
    cpu = _cpu_model()
    ram_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    with engine.connect() as connection:
        version = (
            connection.exec_driver_sql("select sqlite_version()").scalar()
            if engine.dialect.name == "sqlite"
            else connection.execute(text("show server_version")).scalar()
        )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"machine: {cpu}, {os.cpu_count()} CPUs, {ram_gb:.0f} GiB RAM; "
        f"Python {platform.python_version()}; {engine.dialect.name} {version}; "
        f"load average {load}"
    )


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def print_counts(engine: Engine) -> None:
    with engine.connect() as connection:
        counts = {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
            for table in ("learners", "chats", "group_members", "quiz_answers", "study_days")
        }
    print("rows: " + ", ".join(f"{table} {count:,}" for table, count in counts.items()))


def print_table(backend: str, results: dict[str, tuple[list[float], float]]) -> None:
    print(f"\n{backend}: milliseconds per call (new session each call)")
    print(f"{'query':<26} {'rows':>7} {'p50':>8} {'p95':>8} {'max':>8}  target")
    for name, (latencies, rows) in results.items():
        p50 = statistics.median(latencies)
        p95 = statistics.quantiles(latencies, n=20)[-1]
        target = TARGETS_MS.get(name)
        verdict = (
            "" if target is None else f"p95 < {target:.0f} ms: {'ok' if p95 < target else 'MISSED'}"
        )
        print(f"{name:<26} {rows:>7.1f} {p50:>8.2f} {p95:>8.2f} {max(latencies):>8.2f}  {verdict}")


if __name__ == "__main__":
    app()
