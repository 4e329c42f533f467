"""The tables of the fake store: the columns of the SQL schema (``atelier.store.tables``)
in the same order (a person's export lists rows whole), the primary key (an
autoincrement ``id`` or the columns of a composite key), the unique keys, the
references and the defaults. A unit test checks them against the SQL schema."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Spec:
    """One table: its columns in schema order, key, unique keys, references, defaults."""

    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...] = ("id",)
    unique: tuple[tuple[str, ...], ...] = ()
    refs: Mapping[str, str] = field(default_factory=dict)
    defaults: Mapping[str, Any] = field(default_factory=dict)

    @property
    def auto(self) -> bool:
        """Whether the key is an autoincrement ``id``."""
        return self.key == ("id",)


def _spec(name: str, columns: str, *, key: str = "id", unique: Sequence[str] = (),
          refs: Mapping[str, str] | None = None, **defaults: Any) -> Spec:
    return Spec(name, tuple(columns.split()), tuple(key.split()),
                tuple(tuple(u.split()) for u in unique), refs or {}, defaults)


_V: dict[str, Any] = {"version": 1}
_SPECS = [
    _spec("catalogues", "id code version digest source_name source_text loaded_at active",
          unique=["digest"], active=False),
    _spec("collectivities", "id public_id name kind siret chorus_service_code engagement_ref "
          "created_at version", unique=["public_id"], **_V),
    _spec("contacts", "id collectivity_id name role email phone",
          refs={"collectivity_id": "collectivities"}, role="", email="", phone=""),
    _spec("counters", "name year value", key="name year"),
    _spec("orders", "id ref public_id collectivity_id catalogue_id state created_on due_date "
          "purchase_order reserved_contract cancel_reason version", unique=["ref", "public_id"],
          refs={"collectivity_id": "collectivities", "catalogue_id": "catalogues"},
          reserved_contract=False, **_V),
    _spec("order_lines", "id order_id line_no service format quantity unit_cents items_total "
          "items_done tasks_total tasks_done remaining_seconds", unique=["order_id line_no"],
          refs={"order_id": "orders"}, items_total=0, items_done=0, tasks_total=0,
          tasks_done=0, remaining_seconds=0),
    _spec("item_imports", "id order_id digest source_name rows imported_at",
          unique=["order_id digest"], refs={"order_id": "orders"}),
    _spec("deliveries", "id order_id number year seq delivered_on created_at items",
          unique=["number", "year seq"], refs={"order_id": "orders"}),
    _spec("items", "id order_id barcode title author isbn call_number doc_type format "
          "placeholder custody reason received_at delivery_id import_id source_line version",
          unique=["order_id barcode"],
          refs={"order_id": "orders", "delivery_id": "deliveries", "import_id": "item_imports"},
          placeholder=False, **_V),
    _spec("tasks", "id order_id item_id line_id seq operation skill min_level standard_seconds "
          "checkpoint last_step status rework_count version", unique=["item_id line_id seq"],
          refs={"order_id": "orders", "item_id": "items", "line_id": "order_lines"},
          last_step=False, rework_count=0, **_V),
    _spec("posts", "id code label active", unique=["code"], active=True),
    _spec("trainees", "id code post_id active created_at exit_on exit_outcome anonymised_at "
          "version", unique=["code", "post_id"], refs={"post_id": "posts"}, active=True, **_V),
    _spec("work_records", "id order_id operation trainee_id post_code supervisor minutes "
          "task_count recorded_at work_day", refs={"order_id": "orders", "trainee_id": "trainees"}),
    _spec("day_minutes", "trainee_id day minutes", key="trainee_id day",
          refs={"trainee_id": "trainees"}, minutes=0),
    _spec("order_custody", "order_id custody items received", key="order_id custody",
          refs={"order_id": "orders"}),
    _spec("work_record_tasks", "work_record_id task_id minutes", key="work_record_id task_id",
          refs={"work_record_id": "work_records", "task_id": "tasks"}),
    _spec("quality_checks", "id task_id reworked_task_id result defect checker checked_at",
          refs={"task_id": "tasks", "reworked_task_id": "tasks"}),
    _spec("audit_log", "id at actor door action entity entity_key before after"),
    _spec("post_assignments", "id post_id trainee_id start_on end_on",
          refs={"post_id": "posts", "trainee_id": "trainees"}),
    _spec("contracts", "id trainee_id kind start_on planned_end weekly_minutes created_at",
          refs={"trainee_id": "trainees"}),
    _spec("trainee_personal", "trainee_id full_name contact notes updated_at", key="trainee_id",
          refs={"trainee_id": "trainees"}),
    _spec("attendance", "id trainee_id day session present minutes reason recorded_at "
          "recorded_by version", unique=["trainee_id day session"],
          refs={"trainee_id": "trainees"}, **_V),
    _spec("time_entries", "id trainee_id day activity minutes order_id operation note "
          "recorded_at recorded_by", refs={"trainee_id": "trainees", "order_id": "orders"}),
    _spec("month_locks", "month locked_at locked_by", key="month"),
    _spec("hour_corrections", "id trainee_id month minutes reason recorded_on recorded_at "
          "recorded_by", refs={"trainee_id": "trainees"}),
    _spec("assessments", "id trainee_id skill level assessed_on assessor evidence recorded_at",
          refs={"trainee_id": "trainees"}),
    _spec("skill_targets", "trainee_id skill level set_on", key="trainee_id skill",
          refs={"trainee_id": "trainees"}),
    _spec("api_tokens", "id public_id secret_hash kind name role collectivity_id order_id "
          "created_at expires_at revoked_at", unique=["public_id"],
          refs={"collectivity_id": "collectivities", "order_id": "orders"}),
    _spec("idempotency_keys", "token_id key request_hash status body created_at media_type",
          key="token_id key", media_type="application/json"),
]
#: Every table of the fake, by name.
SPECS: dict[str, Spec] = {s.name: s for s in _SPECS}
