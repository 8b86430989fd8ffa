"""A minimal OpenFisca country package: the 低保 difference only.

amount = max(0, standard x household size - household income), per month.
Used by `cargo xtask bench-vs-openfisca` to compare OpenFisca's vectorised
engine with `dibao batch` on households where dibao's national rules give
exactly this difference (see xtask/src/openfisca.rs). It models none of the
rules dibao applies: it is the cheapest model OpenFisca can run.
"""

from numpy import maximum

from openfisca_core.entities import build_entity
from openfisca_core.periods import MONTH
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

Person = build_entity(
    key="person",
    plural="persons",
    label="A member",
    is_person=True,
)

Household = build_entity(
    key="household",
    plural="households",
    label="A household",
    roles=[{"key": "member", "plural": "members", "label": "Member"}],
)


class income(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Monthly income of a member (yuan)"


class standard(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    label = "Monthly standard per person (yuan)"


class household_income(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    label = "Monthly income of the household"

    def formula(household, period):
        return household.sum(household.members("income", period))


class household_size(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "Members of the household"

    def formula(household, period):
        return household.nb_persons()


class amount(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    label = "Monthly 低保 amount: the difference"

    def formula(household, period):
        gap = household("standard", period) * household("household_size", period)
        return maximum(gap - household("household_income", period), 0)


class CountryTaxBenefitSystem(TaxBenefitSystem):
    def __init__(self):
        super().__init__([Person, Household])
        self.add_variables(income, standard, household_income, household_size, amount)
