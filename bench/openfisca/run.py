"""Times the difference model on a caseload CSV (case_id, ..., standard, pension).

Usage: python run.py CASELOAD.csv
Prints one JSON line: seconds (simulation built, inputs set, amount
calculated; the CSV is parsed before the clock starts: OpenFisca's best
case), households and the total in fen.
"""

import csv
import json
import sys
import time

import numpy as np

from openfisca_core.simulation_builder import SimulationBuilder

from dibao_difference import CountryTaxBenefitSystem


def main(path):
    case_of, incomes, standards, cases = [], [], [], []
    index = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = csv.DictReader(f)
        for r in rows:
            c = r["case_id"]
            if c not in index:
                index[c] = len(cases)
                cases.append(c)
                standards.append(float(r["standard"]))
            case_of.append(c)
            incomes.append(float(r["pension"] or 0))
    persons = [str(i) for i in range(len(case_of))]
    tbs = CountryTaxBenefitSystem()
    period = "2024-06"
    start = time.perf_counter()
    sb = SimulationBuilder()
    sb.create_entities(tbs)
    sb.declare_person_entity("person", persons)
    household = sb.declare_entity("household", cases)
    sb.join_with_persons(household, case_of, ["member"] * len(case_of))
    sim = sb.build(tbs)
    sim.set_input("income", period, np.array(incomes))
    sim.set_input("standard", period, np.array(standards))
    amounts = sim.calculate("amount", period)
    seconds = time.perf_counter() - start
    fen = int(np.rint(amounts * 100).astype(np.int64).sum())
    print(json.dumps({"seconds": seconds, "households": len(cases), "total_fen": fen}))


if __name__ == "__main__":
    main(sys.argv[1])
