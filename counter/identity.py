"""Who acts and where: the actor of a service call and the site profile of this counter.

Real login comes in a later issue; until then the UI builds an :class:`Actor` from the
:class:`SiteProfile` and an operator id (:meth:`SiteProfile.actor`). The site profile lives in
the ``settings`` table as one JSON value (key :data:`SITE_KEY`), read and written by
:class:`SiteService`, one transaction per call.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import asdict, dataclass, replace
from typing import Callable

from sqlalchemy.orm import Session

from counter.errors import CounterError, InvalidInput
from counter.store.models import SettingRow
from counter.store.uow import UowFactory

log = logging.getLogger(__name__)

#: Roles known so far; the full role matrix comes with login (later issue).
ROLES = {"clerk": "综窗人员", "bank_staff": "政银合作网点人员", "supervisor": "首席代表/值班长",
         "admin": "系统管理员", "sync": "同步服务账号"}
#: Site kinds: a government service hall or a government–bank service point.
SITE_KINDS = {"hall": "政务服务大厅", "bank_point": "政银合作服务点"}

SITE_KEY = "site_profile"
#: The setting that marks a training store (练习库): ``"true"``. Only
#: :meth:`SiteService.make_training` sets it (``seed-demo --training`` on a fresh store).
TRAINING_KEY = "training"
#: The setting holding the platform address (``counter.services.sync.URL_KEY``): a store that
#: talks to a platform is never made a training store.
PLATFORM_URL_KEY = "sync.platform_url"
DEFAULT_QUERY_URL = "https://zwfw.example.gov.cn/query?case={case_no}"


class NotATrainingStore(CounterError):
    """The store is not a training store (不是练习库): no training data may go into it."""


@dataclass(frozen=True)
class Actor:
    """The person acting at the counter (操作人员).

    Attributes:
        user_id: operator id, e.g. ``c0012``.
        role: one of :data:`ROLES`.
        site: ``<region>-<site>``, e.g. ``140802-001`` (the contract's ``actor.site``).
        counter: the counter code, e.g. ``07``.
    """

    user_id: str
    role: str
    site: str
    counter: str

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise InvalidInput(f"未知的角色：{self.role}")
        if not self.user_id or not self.user_id.strip():
            raise InvalidInput("操作人员编号不能为空。")

    def to_json(self) -> dict:
        """The contract's ``actor`` object."""
        return {"user_id": self.user_id, "role": self.role, "site": self.site,
                "counter": self.counter}

    @classmethod
    def from_json(cls, data: dict) -> "Actor":
        return cls(user_id=data["user_id"], role=data["role"], site=data["site"],
                   counter=data["counter"])


#: The actor recorded for status changes that come from the platform's status feed.
PLATFORM_USER = "platform"


@dataclass(frozen=True)
class SiteProfile:
    """Identity of this counter (站点/窗口信息): where case numbers come from.

    Attributes:
        region_code: 6-digit division code (GB/T 2260) of the region.
        site_code: 3 digits, unique within the region (assigned by the administrator).
        counter_code: 2 digits, unique within the site.
        site_name: e.g. ``某某区政务服务中心``.
        counter_name: e.g. ``综合受理7号窗口``.
        kind: ``hall`` or ``bank_point`` (政银合作服务点: only items marked ``bank_point``).
        contact_phone: the hall's public phone number for the applicant's documents.
        query_url_template: where the applicant follows progress; ``{case_no}`` is replaced.
        review_body: 行政复议机关 printed on 不予受理 and 终止办理 notices when the catalog names
            none for the department (e.g. ``运城市盐湖区人民政府``); empty: the wording's default.
        court: 人民法院 for 行政诉讼 when the catalog names none (empty: not named).
    """

    region_code: str
    site_code: str = "001"
    counter_code: str = "01"
    site_name: str = ""
    counter_name: str = ""
    kind: str = "hall"
    contact_phone: str = ""
    query_url_template: str = DEFAULT_QUERY_URL
    review_body: str = ""
    court: str = ""

    def problems(self) -> list[str]:
        """Every invalid value, as Chinese lines (empty when the profile is valid)."""
        out = []
        if not re.fullmatch(r"\d{6}", self.region_code or ""):
            out.append("区划代码应为 6 位数字")
        if not re.fullmatch(r"\d{3}", self.site_code or ""):
            out.append("站点编号应为 3 位数字")
        if not re.fullmatch(r"\d{2}", self.counter_code or ""):
            out.append("窗口编号应为 2 位数字")
        if self.kind not in SITE_KINDS:
            out.append("站点类型应为政务服务大厅或政银合作服务点")
        if "{case_no}" not in (self.query_url_template or ""):
            out.append("查询网址模板须包含 {case_no}")
        if len(self.review_body or "") > 200 or len(self.court or "") > 200:
            out.append("复议机关、人民法院名称不能超过 200 个字符")
        return out

    @property
    def site(self) -> str:
        """``<region>-<site>`` as the platform names a site (``140802-001``)."""
        return f"{self.region_code}-{self.site_code}"

    @property
    def client_id(self) -> str:
        """The platform client id ``<region>-<site>-<counter>``."""
        return f"{self.region_code}-{self.site_code}-{self.counter_code}"

    def actor(self, user_id: str, role: str = "clerk") -> Actor:
        """An actor at this counter."""
        return Actor(user_id=user_id, role=role, site=self.site, counter=self.counter_code)

    def query_url(self, case_no: str) -> str:
        return self.query_url_template.replace("{case_no}", case_no)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "SiteProfile":
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


class SiteService:
    """Site profile and small settings of this store (站点设置), one transaction per call.

    Args:
        uow: the unit-of-work factory.
        default_region: returns the region code for the default profile (the active
            catalog's region), called only while no profile has been saved.
    """

    def __init__(self, uow: UowFactory, default_region: Callable[[], str]) -> None:
        self._uow = uow
        self._default_region = default_region

    # -- site profile ----------------------------------------------------------------------

    def get(self) -> SiteProfile:
        """The saved profile, or the default one (region of the active catalog, site 001,
        counter 01, hall)."""
        with self._uow(read_only=True) as u:
            return self.load(u.session)

    def load(self, session: Session) -> SiteProfile:
        """The profile read inside a caller's transaction (for the decision services)."""
        row = session.get(SettingRow, SITE_KEY)
        if row is None:
            return SiteProfile(region_code=self._default_region())
        return SiteProfile.from_json(json.loads(row.value))

    def set(self, profile: SiteProfile) -> SiteProfile:  # noqa: A003 - get/set pair
        """Save the profile; refuses an invalid one with every problem listed."""
        problems = profile.problems()
        if problems:
            raise InvalidInput("站点信息有误，未保存。", problems=problems)
        with self._uow() as u:
            self._put(u.session, SITE_KEY, json.dumps(profile.to_json(), ensure_ascii=False))
            u.commit()
        log.info("site profile saved: %s kind=%s", profile.client_id, profile.kind)
        return profile

    def update(self, **changes) -> SiteProfile:
        """Change some values of the current profile and save it."""
        return self.set(replace(self.get(), **changes))

    # -- plain settings --------------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        with self._uow(read_only=True) as u:
            row = u.session.get(SettingRow, key)
            return default if row is None else row.value

    def set_setting(self, key: str, value: str) -> None:
        with self._uow() as u:
            self._put(u.session, key, value)
            u.commit()

    def is_training(self) -> bool:
        """True for a training store (练习库) filled by ``seed-demo``."""
        return self.setting(TRAINING_KEY) == "true"

    def set_training(self, training: bool = True) -> None:
        self.set_setting(TRAINING_KEY, "true" if training else "false")

    def make_training(self) -> None:
        """Make a fresh store a training store (新建练习库), in one transaction.

        A store becomes a training store only while it holds no business of its own: no case,
        no draft, no outbox event and no platform address configured (users, the catalog and
        the calendar do not count). Training marks every printed page 培训 and reads training
        ID cards; a production store must never become one, so anything else is refused.
        A store that already is a training store stays one.

        Raises:
            NotATrainingStore: the store holds cases, drafts, outbox events or a platform
                address; nothing changed.
        """
        from sqlalchemy import func, select

        from counter.store.models import CaseRow, DraftRow, OutboxRow

        with self._uow() as u:
            s = u.session
            row = s.get(SettingRow, TRAINING_KEY)
            if row is not None and row.value == "true":
                return
            held = [what for what, model in (("办件", CaseRow), ("受理草稿", DraftRow),
                                             ("待同步事件", OutboxRow))
                    if s.execute(select(func.count()).select_from(model)).scalar_one()]
            platform = s.get(SettingRow, PLATFORM_URL_KEY)
            if platform is not None and platform.value:
                held.append("平台地址")
            if held:
                raise NotATrainingStore(
                    "该数据目录是正式库（已有" + "、".join(held) + "），不能改为练习库。"
                    "请为练习数据另建一个新的空数据目录。")
            self._put(s, TRAINING_KEY, "true")
            u.commit()
        log.info("store marked as a training store")

    @staticmethod
    def _put(session: Session, key: str, value: str) -> None:
        row = session.get(SettingRow, key)
        if row is None:
            session.add(SettingRow(key=key, value=value))
        else:
            row.value = value
