"""The one metrics core: change, utilisation, pace, per-resident figures, forecasts, sum checks.

Everything that computes a number about a budget line lives here, once, so that the validator
(``rules/``), the cell functions (``app/udfs.py``), the generated sheet columns (``sheets/``) and the
batch CLI give the same answer. Each metric has one definition (``definition.DEFINITIONS``): its
name, parameters, vectorised numpy function, Excel formula and the cell function's Finnish help.
There is no Excel and no file I/O here, and no pandas import (see ``arrays.py``).

Conventions
-----------
* Scalars or array-likes in, the same shape out (``arrays.py``); inputs broadcast like numpy.
* ``NaN`` means "no meaningful number" (blank input, zero base, sign flip). It is never replaced by
  a 0, because a 0 % change or a 0 % utilisation is a real, and misleading, statement.
* Fractions, not percents: 0.032 is 3.2 %; a percentage-point difference of 0.024 is 2.4 pp.
* Signs follow the source workbook (expenses negative, revenues positive, or the other way round).
  Metrics that compare two figures of the same line work on either convention.

Modules: ``change`` (€ and %), ``pace`` (utilisation, remaining budget, pace against the elapsed
share), ``dates``, ``forecast`` (linear, seasonal-aware, the department's), ``per_resident``,
``sums`` (sum gaps and their classification), ``lines`` (cost/revenue/seasonal lines), ``pairing``
(which columns compare), ``wide`` (a table's rows side by side).
"""

from xl_seuranta.metrics import pairing
from xl_seuranta.metrics.change import (
    muutos_eur,
    muutos_eur_itseisarvo,
    muutos_eur_kasvu,
    muutos_pros,
    muutos_pros_etumerkillinen,
    pct_rounding_class,
    stated_fraction,
)
from xl_seuranta.metrics.dates import OSUUS_TAVAT, kulunut_osuus, parse_pvm
from xl_seuranta.metrics.definition import DEFINITIONS, Metric, Param, excel_formula, ref_list
from xl_seuranta.metrics.forecast import (
    ENNUSTE_TAVAT,
    DepartmentForecast,
    ForecastPlan,
    SeasonalLine,
    department_forecast,
    elapsed_share,
    ennuste,
    ennuste_kausiluonteinen,
    ennuste_oikaistu,
    forecast_plan,
    forecast_values,
)
from xl_seuranta.metrics.lines import (
    COST_LINES,
    NET_LINES,
    REVENUE_LINES,
    is_cost_line,
    is_revenue_line,
    is_seasonal,
)
from xl_seuranta.metrics.pace import (
    PACE_MARGIN,
    is_unfavourable,
    jaljella_eur,
    pace_status,
    poikkeama_pp,
    toteuma_pros,
    ylitys_eur,
)
from xl_seuranta.metrics.per_resident import asukasluku_implisiittinen, eur_per_asukas
from xl_seuranta.metrics.sums import ROUNDING_TOLERANCE, classify_gap, equal_part, tarkista_summa, within

__all__ = [
    "COST_LINES",
    "DEFINITIONS",
    "ENNUSTE_TAVAT",
    "NET_LINES",
    "OSUUS_TAVAT",
    "PACE_MARGIN",
    "REVENUE_LINES",
    "ROUNDING_TOLERANCE",
    "DepartmentForecast",
    "ForecastPlan",
    "Metric",
    "Param",
    "SeasonalLine",
    "asukasluku_implisiittinen",
    "classify_gap",
    "department_forecast",
    "elapsed_share",
    "ennuste",
    "ennuste_kausiluonteinen",
    "ennuste_oikaistu",
    "equal_part",
    "eur_per_asukas",
    "excel_formula",
    "forecast_plan",
    "forecast_values",
    "is_cost_line",
    "is_revenue_line",
    "is_seasonal",
    "is_unfavourable",
    "jaljella_eur",
    "kulunut_osuus",
    "muutos_eur",
    "muutos_eur_itseisarvo",
    "muutos_eur_kasvu",
    "muutos_pros_etumerkillinen",
    "muutos_pros",
    "pace_status",
    "parse_pvm",
    "pairing",
    "pct_rounding_class",
    "poikkeama_pp",
    "ref_list",
    "stated_fraction",
    "tarkista_summa",
    "toteuma_pros",
    "within",
    "ylitys_eur",
]
