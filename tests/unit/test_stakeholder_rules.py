import datetime

from beneficiary_rules import compensation_missing_conditions

MET = {
    "failure": True,
    "direct_cause": True,
    "proof": "final_ruling",
    "ruling_authority": "المحكمة العمالية",
    "ruling_reference": "123/ق",
    "ruling_date": datetime.date(2026, 1, 5),
}


def test_all_conditions_met():
    assert compensation_missing_conditions(MET) == []
    ack = {"failure": True, "direct_cause": True, "proof": "acknowledgement"}
    assert compensation_missing_conditions(dict(ack, acknowledgement_document=True)) == []


def test_each_condition_reported():
    assert compensation_missing_conditions({}) == ["failure", "direct_cause", "proof"]
    assert compensation_missing_conditions(dict(MET, failure=False)) == ["failure"]
    assert compensation_missing_conditions(dict(MET, direct_cause=False)) == ["direct_cause"]


def test_proof_needs_its_evidence():
    assert compensation_missing_conditions(dict(MET, ruling_reference="")) == ["proof"]
    assert compensation_missing_conditions(dict(MET, ruling_date=None)) == ["proof"]
    ack = dict(MET, proof="acknowledgement")
    assert compensation_missing_conditions(ack) == ["proof"]
    assert compensation_missing_conditions(dict(MET, proof=False)) == ["proof"]
