"""Tests for the static models reader and the project-wide model index."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from migration_lint.facts import ModelClass, ModelsFile, Span, TypeRef
from migration_lint.model_index import build_model_index, snake_case
from migration_lint.models_reader import (
    read_models_file,
    read_models_source,
)
from migration_lint.project import expand_models_paths

UBER_CORE = textwrap.dedent(
    """\
    from uuid import uuid4

    from residue import CoerceUTF8 as UnicodeText, UTCDateTime, UUID
    from sqlalchemy import ForeignKey
    from sqlalchemy.orm import backref
    from sqlalchemy.types import Boolean, Integer

    from uber.models.types import default_relationship as relationship, utcnow
    from uber.models.types import DefaultColumn as Column


    class MagModel:
        id = Column(UUID, primary_key=True, default=lambda: str(uuid4()))
        created = Column(UTCDateTime, server_default=utcnow())


    class TakesPaymentMixin:
        @property
        def payment_deadline(self):
            return None


    class Group(MagModel, TakesPaymentMixin):
        name = Column(UnicodeText)


    class Attendee(MagModel, TakesPaymentMixin):
        group_id = Column(UUID, ForeignKey('group.id', ondelete='SET NULL'), nullable=True)
        group = relationship(
            'Group', backref='attendees', foreign_keys=group_id,
            cascade='save-update,merge,refresh-expire,expunge')
        first_name = Column(UnicodeText)
        badge_num = Column(Integer, default=None, nullable=True, unique=True)

        @property
        def full_name(self):
            return self.first_name


    class GuestGroup(MagModel):
        group_id = Column(UUID, ForeignKey('group.id'))
        group = relationship('Group', backref=backref('guest', uselist=False))


    class PanelApplication(MagModel):
        name = Column(UnicodeText)


    class MITSTeam(MagModel):
        name = Column(UnicodeText)


    class Session:
        @classmethod
        def model_mixin(cls, model):
            return model


    @Session.model_mixin
    class SessionMixin:
        def attendees_with_badges(self):
            return []
    """
)

UBER_PLUGIN = textwrap.dedent(
    """\
    from sqlalchemy import ForeignKey
    from sqlalchemy.types import Boolean

    from uber.models import MagModel, Session
    from uber.models.types import DefaultColumn as Column, default_relationship as relationship
    from residue import UUID


    @Session.model_mixin
    class Attendee:
        shirt_opt_out = Column(Boolean, default=False)
        tribute = relationship('Tribute', backref='attendee')


    class Tribute(MagModel):
        attendee_id = Column(UUID, ForeignKey('attendee.id'))
    """
)


def read(source: str, path: str = "models.py", **kwargs: tuple[str, ...]) -> ModelsFile:
    models = read_models_source(path, textwrap.dedent(source), **kwargs)
    assert models.error is None, models.error
    return models


def by_name(models: ModelsFile, name: str, mixin: bool = False) -> ModelClass:
    return next(
        c for c in models.classes if c.name == name and (c.mixin_target is not None) == mixin
    )


def text_at(source: str, span: Span) -> str:
    """The source text a one-line span covers."""
    assert span.line == span.end_line
    return source.splitlines()[span.line - 1][span.col - 1 : span.end_col - 1]


# ---------------------------------------------------------------- reader: ubersystem style


def test_ubersystem_class_without_tablename() -> None:
    attendee = by_name(read(UBER_CORE), "Attendee")
    assert attendee.bases == ("MagModel", "TakesPaymentMixin")
    assert attendee.tablename is None and attendee.mixin_target is None
    columns = {c.attribute: c for c in attendee.columns}
    assert list(columns) == ["group_id", "first_name", "badge_num"]  # no property
    assert columns["group_id"].type == TypeRef("UUID", "UUID")
    assert columns["group_id"].nullable is True
    assert columns["first_name"].nullable is None
    (group,) = attendee.relationships
    assert (group.attribute, group.target, group.backref) == ("group", "Group", "attendees")


def test_backref_call_and_primary_key_nullability() -> None:
    models = read(UBER_CORE)
    (group,) = by_name(models, "GuestGroup").relationships
    assert (group.target, group.backref) == ("Group", "guest")
    id_column = by_name(models, "MagModel").columns[0]
    assert (id_column.name, id_column.nullable) == ("id", False)


def test_spans_are_one_based_with_exclusive_end() -> None:
    models = read(UBER_CORE)
    attendee = by_name(models, "Attendee")
    group_id = attendee.columns[0]
    assert text_at(UBER_CORE, group_id.span) == (
        "group_id = Column(UUID, ForeignKey('group.id', ondelete='SET NULL'), nullable=True)"
    )
    assert group_id.span.col == 5
    group = attendee.relationships[0]
    assert (group.span.line, group.span.end_line) == (group_id.span.line + 1, group.span.line + 2)
    header = UBER_CORE.splitlines()[attendee.span.line - 1]
    assert header.startswith("class Attendee(") and attendee.span.col == 1


def test_plugin_mixin_targets_its_own_class_name() -> None:
    models = read(UBER_PLUGIN)
    mixin = by_name(models, "Attendee", mixin=True)
    assert mixin.mixin_target == "Attendee"
    assert [c.name for c in mixin.columns] == ["shirt_opt_out"]
    assert [(r.attribute, r.target, r.backref) for r in mixin.relationships] == [
        ("tribute", "Tribute", "attendee")
    ]
    assert by_name(models, "Tribute").mixin_target is None


@pytest.mark.parametrize(
    ("decorator", "expected"),
    [
        ("@Session.model_mixin", "Attendee"),
        ("@model_mixin", "Attendee"),
        ("@uber.Session.model_mixin", "Attendee"),
        ("@Session.model_mixin()", "Attendee"),
        ("@dataclass", None),
        ("@Session.other_decorator", None),
    ],
)
def test_mixin_decorator_forms(decorator: str, expected: str | None) -> None:
    source = f"{decorator}\nclass Attendee:\n    extra = Column(Boolean)\n"
    (cls,) = read(source).classes
    assert cls.mixin_target == expected


def test_custom_mixin_decorators() -> None:
    source = "@registry.extend_model\nclass Attendee:\n    x = Column(Integer)\n"
    assert read(source).classes[0].mixin_target is None
    custom = read(source, mixin_decorators=("registry.extend_model",))
    assert custom.classes[0].mixin_target == "Attendee"


# ---------------------------------------------------------------- reader: columns and types


def test_classic_declarative_and_ignored_attributes() -> None:
    models = read(
        """
        import sqlalchemy as sa
        from sqlalchemy.orm import column_property, synonym, relationship
        from sqlalchemy.ext.hybrid import hybrid_property
        from sqlalchemy.ext.associationproxy import association_proxy

        class Base(DeclarativeBase):
            __abstract__ = True
            id = sa.Column(sa.Integer, primary_key=True)

        class Account(Base):
            __tablename__ = 'account'
            __table_args__ = (sa.UniqueConstraint('email'),)
            kind: ClassVar[str] = 'basic'
            real = sa.Column('real_name', sa.String(50), nullable=False)
            email = db.Column(sa.String(length=120), index=True)
            code = sa.Column(sa.ForeignKey('org.id'), sa.Integer)
            owner_id = sa.Column(sa.ForeignKey('user.id'))
            lazy = deferred(sa.Column(sa.Text))
            upper_name = column_property(sa.func.upper(real))
            alias = synonym('real')
            tags = association_proxy('tag_links', 'tag')
            owner = sa.orm.relationship(User, backref=sa.orm.backref('accounts'))

            @hybrid_property
            def label(self):
                return self.real
        """
    )
    base, account = models.classes
    assert base.abstract and base.tablename is None
    assert account.tablename == "account" and not account.abstract
    columns = {c.attribute: c for c in account.columns}
    assert list(columns) == ["real", "email", "code", "owner_id", "lazy"]
    assert columns["real"].name == "real_name" and columns["real"].nullable is False
    assert columns["email"].type == TypeRef(
        "sa.String(length=120)", "String", (), (("length", "120"),)
    )
    assert columns["code"].type == TypeRef("sa.Integer", "Integer")
    assert columns["owner_id"].type is None
    assert [(r.attribute, r.target, r.backref) for r in account.relationships] == [
        ("owner", "User", "accounts")
    ]


def test_type_text_is_collapsed_and_literal_arguments_kept() -> None:
    models = read(
        """
        class Ticket(Base):
            __tablename__ = 'ticket'
            status = Column(
                'state',
                sa.Enum(  # legacy values
                    'open', 'closed',
                    name='ticket_status',
                ),
                nullable=True,
            )
            price = mapped_column(type_=Numeric(10, 2))
            named = Column(Integer, name='named_col')
        """
    )
    status, price, named = models.classes[0].columns
    assert status.name == "state"
    assert status.type == TypeRef(
        "sa.Enum( 'open', 'closed', name='ticket_status', )",
        "Enum",
        ("'open'", "'closed'"),
        (("name", "'ticket_status'"),),
    )
    assert price.type == TypeRef("Numeric(10, 2)", "Numeric", ("10", "2"))
    assert (named.attribute, named.name) == ("named", "named_col")


def test_sqlalchemy2_mapped_annotations() -> None:
    models = read(
        """
        from typing import List, Optional
        from sqlalchemy.orm import Mapped, WriteOnlyMapped, mapped_column, relationship

        class User(Base):
            __tablename__ = 'user_account'
            id: Mapped[int] = mapped_column(primary_key=True)
            name: Mapped[str] = mapped_column(String(30))
            nickname: Mapped[Optional[str]]
            bio: Mapped[str | None] = mapped_column(Text)
            settings: Mapped[dict]
            forced: Mapped[Optional[str]] = mapped_column(nullable=False)
            legacy: Mapped[str] = Column(String)
            addresses: Mapped[List['Address']] = relationship(back_populates='user')
            manager: Mapped['User'] = relationship(remote_side=[id])
            parent: Mapped['User']
            children: Mapped[list['User']]
            spouse: Mapped[Optional['User']]
            audit: WriteOnlyMapped['AuditRow']
            upper: Mapped[str] = column_property(func.upper(name))
        """
    )
    user = models.classes[0]
    nullable = {c.name: c.nullable for c in user.columns}
    assert nullable == {
        "id": False,
        "name": False,
        "nickname": True,
        "bio": True,
        "settings": False,
        "forced": False,
        "legacy": None,
    }
    assert user.columns[1].type == TypeRef("String(30)", "String", ("30",))
    assert [(r.attribute, r.target) for r in user.relationships] == [
        ("addresses", "Address"),
        ("manager", "User"),
    ]


def test_sqlmodel_fields_relationships_and_sa_column() -> None:
    models = read(
        """
        from typing import Optional
        from sqlmodel import Column, Field, Relationship, SQLModel, String

        class TeamBase(SQLModel):
            name: str = Field(index=True)
            headquarters: str

        class Team(TeamBase, table=True):
            id: Optional[int] = Field(default=None, primary_key=True)
            heroes: list["Hero"] = Relationship(back_populates="team")

        class Hero(SQLModel, table=True):
            __tablename__ = "heroes"
            id: int | None = Field(default=None, primary_key=True)
            secret: str = Field(sa_column=Column("secret_name", String(50), nullable=False))
            age: Optional[int] = None
            power: str = Field(sa_type=Text)
            team: Optional[Team] = Relationship(back_populates="heroes")
            _cache: dict = {}
            model_config = {"validate_assignment": True}
        """
    )
    team_base = by_name(models, "TeamBase")
    assert not team_base.sqlmodel_table
    assert [(c.name, c.nullable) for c in team_base.columns] == [
        ("name", False),
        ("headquarters", False),
    ]
    team, hero = by_name(models, "Team"), by_name(models, "Hero")
    assert team.sqlmodel_table and team.relationships[0].target == "Hero"
    assert [c.name for c in team.columns] == ["id"]
    columns = {c.attribute: c for c in hero.columns}
    assert list(columns) == ["id", "secret", "age", "power"]
    assert columns["secret"].name == "secret_name"
    assert columns["secret"].type == TypeRef("String(50)", "String", ("50",))
    assert columns["age"].nullable is True and columns["id"].nullable is False
    assert columns["power"].type == TypeRef("Text", "Text")
    assert [(r.attribute, r.target) for r in hero.relationships] == [("team", "Team")]


def test_plain_annotations_outside_sqlmodel_are_not_columns() -> None:
    models = read(
        """
        from pydantic import BaseModel, Field

        class Payload(BaseModel):
            name: str = Field(min_length=1)
            count: int

        class Base(DeclarativeBase):
            __name__: str
            id: Any
        """
    )
    assert all(cls.columns == () for cls in models.classes)


def test_association_table_and_conditional_blocks() -> None:
    source = textwrap.dedent(
        """\
        from typing import TYPE_CHECKING

        attendee_tag = Table(
            "attendee_tag",
            Base.metadata,
            Column("attendee_id", UUID, ForeignKey("attendee.id"), primary_key=True),
            Column("tag_id", sa.Integer, ForeignKey("tag.id"), nullable=True),
        )
        sa.Table("audit_log", metadata, sa.Column("id", sa.Integer))

        if TYPE_CHECKING:
            class OnlyForTypeCheckers(Base):
                __tablename__ = "ghost"
        else:
            class RuntimeModel(Base):
                __tablename__ = "runtime"

        try:
            class Optional(Base):
                __tablename__ = "optional"
                x = Column(Integer)
        except ImportError:
            pass
        """
    )
    models = read(source)
    assert [c.name for c in models.classes] == ["RuntimeModel", "Optional"]
    tag, audit = models.tables
    assert tag.name == "attendee_tag"
    assert [(c.name, c.nullable) for c in tag.columns] == [
        ("attendee_id", False),
        ("tag_id", True),
    ]
    assert tag.columns[1].type == TypeRef("sa.Integer", "Integer")
    assert text_at(source, tag.columns[1].span).startswith('Column("tag_id"')
    assert (tag.span.line, tag.span.end_line) == (3, 8)
    assert audit.name == "audit_log" and [c.name for c in audit.columns] == ["id"]


# ---------------------------------------------------------------- reader: files


def test_syntax_error_is_reported_not_raised() -> None:
    models = read_models_source("bad.py", "class Attendee(MagModel:\n    x = Column(Integer)\n")
    assert models.error is not None
    assert models.error.line == 1 and models.classes == ()
    assert "syntax" in models.error.message


def test_latin1_file_with_coding_cookie(tmp_path: Path) -> None:
    path = tmp_path / "legacy.py"
    path.write_bytes(
        b"# -*- coding: latin-1 -*-\n"
        b"class Caf\xe9(Base):\n"
        b"    __tablename__ = 'caf\xe9'\n"
        b"    nom = Column('pr\xe9nom', String)\n"
    )
    models = read_models_file(str(path))
    assert models.error is None
    (cls,) = models.classes
    assert (cls.name, cls.tablename, cls.columns[0].name) == ("Café", "café", "prénom")


def test_utf8_bom_and_undecodable_files(tmp_path: Path) -> None:
    bom = tmp_path / "bom.py"
    bom.write_bytes(b"\xef\xbb\xbfclass A(Base):\n    __tablename__ = 'a'\n")
    assert read_models_file(str(bom)).classes[0].tablename == "a"
    broken = tmp_path / "broken.py"
    broken.write_bytes(b"x = 1\ny = '\xff'\n")
    models = read_models_file(str(broken))
    assert models.error is not None and models.error.line == 2
    missing = read_models_file(str(tmp_path / "missing.py"))
    assert missing.error is not None and "cannot read" in missing.error.message


def test_reader_never_executes_the_models_file(tmp_path: Path) -> None:
    marker = tmp_path / "imported.marker"
    path = tmp_path / "models.py"
    path.write_text(
        f"open({str(marker)!r}, 'w').write('executed')\n"
        "class Thing(Base):\n"
        "    __tablename__ = 'thing'\n"
        "    id = Column(Integer, primary_key=True)\n",
        encoding="utf-8",
    )
    models = read_models_file(str(path))
    assert [c.tablename for c in models.classes] == ["thing"]
    assert not marker.exists()


def test_expand_models_paths(tmp_path: Path) -> None:
    for name in (
        "pkg/b.py",
        "pkg/a.py",
        "pkg/sub/c.py",
        "pkg/notes.txt",
        "pkg/__pycache__/a.py",
        "pkg/.hidden/d.py",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    single = str(tmp_path / "pkg" / "notes.txt")
    result = expand_models_paths([single, str(tmp_path / "pkg")])
    relative = [str(Path(p).relative_to(tmp_path)) for p in result]
    assert relative == ["pkg/notes.txt", "pkg/a.py", "pkg/b.py", "pkg/sub/c.py"]


# ---------------------------------------------------------------- model index


def uber_index(rule: str | None = "snake_case") -> dict:
    files = {
        "uber": [read(UBER_CORE, "uber/models/__init__.py")],
        "magprime": [read(UBER_PLUGIN, "magprime/models.py")],
    }
    return build_model_index(files, tablename_rule=rule)


def test_snake_case_names() -> None:
    assert snake_case("PanelApplication") == "panel_application"
    assert snake_case("MITSTeam") == "mits_team"
    assert snake_case("Attendee") == "attendee"
    assert snake_case("APIToken2Fa") == "api_token2_fa"


def test_index_maps_only_leaf_classes_with_columns_under_snake_case() -> None:
    index = uber_index()
    assert sorted(index) == [
        "attendee",
        "group",
        "guest_group",
        "mits_team",
        "panel_application",
        "tribute",
    ]
    assert uber_index(rule=None) == {}


def test_index_ownership_of_inherited_and_mixin_columns() -> None:
    index = uber_index()
    attendee = index["attendee"]
    assert (attendee.plugin, attendee.class_name) == ("uber", "Attendee")
    assert attendee.columns == {
        "group_id": "uber",
        "first_name": "uber",
        "badge_num": "uber",
        "shirt_opt_out": "magprime",
        "id": "uber",
        "created": "uber",
    }
    assert attendee.column_types["group_id"] == TypeRef("UUID", "UUID")
    assert attendee.relationships == {"group": "uber", "tribute": "magprime"}
    tribute = index["tribute"]
    assert tribute.plugin == "magprime"
    assert tribute.columns == {"attendee_id": "magprime", "id": "magprime", "created": "magprime"}


def test_index_backrefs_land_on_target_tables() -> None:
    index = uber_index()
    assert index["group"].relationships == {"attendees": "uber", "guest": "uber"}
    assert index["tribute"].relationships == {"attendee": "magprime"}


def test_index_explicit_tables_sqlmodel_and_first_plugin_wins() -> None:
    core = read(
        """
        class Timestamped:
            created = Column(DateTime)

        class Account(Base, Timestamped):
            __tablename__ = 'account'
            id = Column(Integer, primary_key=True)

        class Draft(Base):
            __abstract__ = True
            __tablename__ = 'never'
            body = Column(Text)

        link = Table('account_tag', Base.metadata, Column('account_id', Integer))
        """
    )
    extra = read(
        """
        from sqlmodel import Field, SQLModel

        class Account(SQLModel, table=True):
            __tablename__ = 'account'
            id: int = Field(primary_key=True)
            nickname: str

        class Widget(SQLModel, table=True):
            id: int = Field(primary_key=True)
        """
    )
    index = build_model_index({"core": [core], "extra": [extra]})
    assert sorted(index) == ["account", "account_tag", "widget"]
    account = index["account"]
    assert account.plugin == "core"
    assert account.columns == {"id": "core", "created": "core", "nickname": "extra"}
    assert index["account_tag"].columns == {"account_id": "core"}
    assert index["account_tag"].class_name is None
    assert (index["widget"].plugin, index["widget"].class_name) == ("extra", "Widget")


def test_index_joined_and_single_table_inheritance() -> None:
    models = read(
        """
        class Employee(Base):
            __tablename__ = 'employee'
            id = Column(Integer, primary_key=True)
            name = Column(String)
            company = relationship('Company', backref='employees')

        class Engineer(Employee):
            __tablename__ = 'engineer'
            id = Column(Integer, ForeignKey('employee.id'), primary_key=True)
            language = Column(String)

        class Manager(Employee):
            budget = Column(Integer)
        """
    )
    index = build_model_index({"hr": [models]}, tablename_rule="snake_case")
    assert sorted(index) == ["employee", "engineer"]
    assert set(index["engineer"].columns) == {"id", "language"}
    assert index["engineer"].relationships == {"company": "hr"}
    assert set(index["employee"].columns) == {"id", "name", "budget"}


def test_index_inheritance_cycles_terminate() -> None:
    models = read(
        """
        class Left(Right):
            a = Column(Integer)

        class Right(Left):
            b = Column(Integer)

        class Leaf(Left):
            __tablename__ = 'leaf'
        """
    )
    index = build_model_index({"p": [models]}, tablename_rule="snake_case")
    assert index["leaf"].columns == {"a": "p", "b": "p"}


def test_index_rejects_unknown_tablename_rule() -> None:
    with pytest.raises(ValueError, match="tablename rule"):
        build_model_index({}, tablename_rule="kebab")


def test_spans_come_from_ast_without_libcst_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    import migration_lint.ast_positions as positions
    from migration_lint.models_reader import read_models_file

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("libcst metadata used for a models file")

    monkeypatch.setattr(positions, "MetadataWrapper", refuse)
    examples = Path(__file__).resolve().parents[1] / "examples" / "uber"
    for path in sorted(examples.rglob("models.py")):
        models = read_models_file(str(path))
        assert models.error is None and models.classes
