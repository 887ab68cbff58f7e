"""The Spark engine of the tests: one local SparkSession (pyspark from PyPI, Java 17) for the
whole pytest process, with a Hive metastore (embedded Derby) and a warehouse directory under the
run's temporary directory. dbt-spark's `method: session` finds this session (getOrCreate), so dbt
runs in this process and the tests read what it wrote through the same session.

RETRAIN_GATE_SPARK_CATALOG=in-memory (what `make test` sets) keeps the session's catalog in
the JVM instead: no Derby lookups while planning, and `make test`'s Spark correctness suites,
which compare figures and never a catalog operation, took 14% less time (391 s against 453 s,
two runs each alone). `make test-spark`, whose nightly suite drops and rewrites partitions,
keeps the Hive metastore, as a dbt-spark session has by default."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

_SESSION: Any = None

#: The environment variable that chooses the session's catalog, and its values.
CATALOG_VARIABLE = "RETRAIN_GATE_SPARK_CATALOG"
CATALOGS = ("hive", "in-memory")

#: The local file system the tests' Spark writes through (spark_local_fs/, compiled at start).
LOCAL_FS_SOURCE = Path(__file__).parent / "spark_local_fs" / "ChmodFreeLocalFileSystem.java"
LOCAL_FS_CLASS = "retraingate.tests.ChmodFreeLocalFileSystem"


def _compiled_local_fs(root: Path) -> Path:
    """The class directory of LOCAL_FS_SOURCE, compiled against pyspark's Hadoop jar. Hadoop's
    own local file system starts a `chmod` process for every file and directory it creates: a
    correctness build on Spark writes about a thousand partition files, and those processes
    were a fifth of its CPU (outcome correctness alone: 565 s of CPU with them, 459 s without)."""
    import pyspark

    javac = shutil.which("javac")
    if javac is None:
        raise RuntimeError(
            "the Spark tests compile a small Java class and need javac (a JDK 17, not only a "
            "JRE): apt-get install openjdk-17-jdk-headless, or run `make prerequisites`"
        )
    hadoop = sorted((Path(pyspark.__file__).parent / "jars").glob("hadoop-client-api-*.jar"))
    classes = root / "local_fs_classes"
    command = [javac, "-d", str(classes), "-cp", os.pathsep.join(map(str, hadoop))]
    done = subprocess.run([*command, str(LOCAL_FS_SOURCE)], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"javac could not compile {LOCAL_FS_SOURCE.name}:\n{done.stderr}")
    return classes


def local_spark(root: Path) -> Any:
    """The process's SparkSession, created on first use with its files under `root`."""
    global _SESSION
    if _SESSION is None:
        from pyspark.sql import SparkSession

        catalog = os.environ.get(CATALOG_VARIABLE, "hive")
        if catalog not in CATALOGS:
            raise ValueError(f"{CATALOG_VARIABLE}={catalog!r}: use one of {', '.join(CATALOGS)}")
        root.mkdir(parents=True, exist_ok=True)
        local_fs = _compiled_local_fs(root)
        os.environ.setdefault("PYSPARK_PYTHON", "python")
        metastore = f"jdbc:derby:;databaseName={root / 'metastore_db'};create=true"
        _SESSION = (
            SparkSession.builder.master("local[2]")
            .appName("retrain_gate_tests")
            .config("spark.sql.warehouse.dir", str(root / "warehouse"))
            .config("spark.hadoop.javax.jdo.option.ConnectionURL", metastore)
            # Test tables are small: one shuffle partition, not 200. Each task of a write makes
            # a file in every table partition it holds, and opening those small files is much of
            # a statement's work here: with one, the correctness builds write a file per table
            # partition (3,678 files, against 5,609 with two), and the three Spark suites of
            # `make test` took 428 s alone, against 483 s with two (one run each).
            .config("spark.sql.shuffle.partitions", "1")
            # Dynamic partition pruning plans a filter for every join with a partitioned table:
            # 3.6 s of the 16 s that the integrity checks' statement spent planning, for tables
            # this small that prune nothing worth it.
            .config("spark.sql.optimizer.dynamicPartitionPruning.enabled", "false")
            # Adaptive execution re-plans each stage of a statement as its shuffles finish; the
            # package's statements have a hundred exchanges over tables that fit one partition,
            # so it only adds planning: outcome correctness on Spark took 363 s without it, 414 s
            # with it (one run each, alone). Results are the same either way.
            .config("spark.sql.adaptive.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            # Embedded Derby cannot filter partitions on date columns: let Spark list them.
            .config("spark.sql.hive.metastorePartitionPruningFallbackOnException", "true")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            # one session serves every Spark module of a pytest worker, a dozen builds: at 2g a
            # full run's last builds ran out of heap for broadcast joins
            .config("spark.driver.memory", "4g")
            # the status store keeps the plan graph of every statement (1,000 by default, each
            # thousands of nodes here): keep a few, for the heap holds a dozen builds' statements
            .config("spark.sql.ui.retainedExecutions", "10")
            .config("spark.ui.retainedJobs", "50")
            .config("spark.ui.retainedStages", "50")
            # a driver out of heap can leave a statement waiting forever: end the JVM instead,
            # so that its tests fail at once with the cause in their output
            .config(
                "spark.driver.extraJavaOptions",
                f"-Dderby.system.home={root} -XX:+ExitOnOutOfMemoryError",
            )
            .config("spark.driver.extraClassPath", str(local_fs))
            .config("spark.hadoop.fs.file.impl", LOCAL_FS_CLASS)
            .config("spark.sql.catalogImplementation", catalog)
            .getOrCreate()
        )
        _SESSION.sparkContext.setLogLevel("ERROR")
    return _SESSION
