"""Airflow DAG: Veille's nightly run through spark-submit, one run per logical date.

The CLI call is exactly `veille nightly --config FILE --date YYYY-MM-DD` (see docs/cli.md); the
CoreNLP model jars travel with --jars. Exit code 4 (another run holds the warehouse lock) fails
the task, and Airflow's retry waits and tries again.

Alerts get a task of their own, downstream: `veille signals --fail-on-alert critical` reruns the
night's signals (the same alerts, and no second notification: the night's alerts are published) and
exits 5 when a critical alert was raised that night, which fails that task alone, without retries, so
Airflow's failure notifications reach people while the nightly itself stays green.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

VEILLE_HOME = "/opt/veille"
MODELS = ",".join([
    f"{VEILLE_HOME}/jobs/target/lib/stanford-corenlp-4.5.10-models.jar",
    f"{VEILLE_HOME}/jobs/target/lib/stanford-corenlp-4.5.10-models-english.jar",
])

with DAG(
    dag_id="veille_nightly",
    start_date=datetime(2026, 11, 1),
    schedule="15 3 * * *",
    catchup=True,          # backfills run one logical date after another
    max_active_runs=1,     # the warehouse lock allows one writer anyway
    default_args={"retries": 2, "retry_delay": timedelta(minutes=20)},
) as dag:
    nightly = SparkSubmitOperator(
        task_id="nightly",
        application=f"{VEILLE_HOME}/jobs/target/veille.jar",
        java_class="dev.veille.cli.VeilleCommand",
        jars=MODELS,
        conn_id="spark_default",
        application_args=["nightly", "--config", "/etc/veille/veille.yaml", "--date", "{{ ds }}"],
        env_vars={"VEILLE_SALT": "{{ var.value.veille_salt }}"},
    )
    critical_alerts = SparkSubmitOperator(
        task_id="critical_alerts",
        application=f"{VEILLE_HOME}/jobs/target/veille.jar",
        java_class="dev.veille.cli.VeilleCommand",
        conn_id="spark_default",
        application_args=["signals", "--config", "/etc/veille/veille.yaml", "--date", "{{ ds }}",
                          "--fail-on-alert", "critical"],
        env_vars={"VEILLE_SALT": "{{ var.value.veille_salt }}"},
        retries=0,
    )
    nightly >> critical_alerts
