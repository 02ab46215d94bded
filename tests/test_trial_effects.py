"""The trial's effect engine on hand-worked numbers.

Two sites at week 52, worked out by hand (Newcombe 1998, method 10; Wald variances;
DerSimonian-Laird):

- Roskilde: NExTWORK 20 of 40 (0,50), control 10 of 40 (0,25). Difference 0,25.
  Wilson 95 % for 20/40: 0,35199 to 0,64801; for 10/40: 0,14187 to 0,40194.
  Newcombe: 0,25 - sqrt((0,5 - 0,35199)² + (0,40194 - 0,25)²) = 0,03789 and
  0,25 + sqrt((0,64801 - 0,5)² + (0,25 - 0,14187)²) = 0,43330.
  Wald variance 0,5·0,5/40 + 0,25·0,75/40 = 0,0109375.
- Vejle: NExTWORK 12 of 30 (0,4), control 11 of 30 (0,36667). Difference 0,03333,
  Newcombe -0,20225 to 0,26385. Wald variance 0,4·0,6/30 + 0,36667·0,63333/30 = 0,0157407.
- Fixed effect: weights 91,4286 and 63,5294; (91,4286·0,25 + 63,5294·0,03333) / 154,958 =
  0,16117, standard error sqrt(1/154,958) = 0,080334, interval 0,00372 to 0,31862.
- Q = 91,4286·(0,25 - 0,16117)² + 63,5294·(0,03333 - 0,16117)² = 1,75965 on 1 degree of
  freedom: I² = (1,75965 - 1) / 1,75965 = 0,43171; tau² = 0,75965 / (154,958 - 134,009...)
  = 0,010133; random effect 0,15275, interval -0,05846 to 0,36397.
"""

import pandas as pd
import pytest

from nextwork.metrics import trial_effects


def arms(*sites):
    return pd.DataFrame(
        [
            {
                "municipality": name,
                "weeks": 52,
                "count_randomised_nextwork": tn,
                "count_outcome_nextwork": tk,
                "count_randomised_control": cn,
                "count_outcome_control": ck,
            }
            for name, tn, tk, cn, ck in sites
        ]
    )


TWO_SITES = arms(("Roskilde", 40, 20, 40, 10), ("Vejle", 30, 12, 30, 11))


@pytest.mark.parametrize(
    ("site", "expected"),
    [
        ("Roskilde", (0.25, 0.03789, 0.43330)),
        ("Vejle", (0.03333, -0.20225, 0.26385)),
    ],
)
def test_site_differences_and_newcombe_intervals(site, expected):
    """Each site's difference in the share in job or education, with Newcombe's interval."""
    out = trial_effects.effects_at(TWO_SITES, 52)["by_municipality"][site]
    assert (out["difference"], out["ci_low"], out["ci_high"]) == pytest.approx(expected, abs=1e-3)


def test_pooled_fixed_and_random_effects():
    """The pooled fixed effect (inverse-variance, Wald), DerSimonian-Laird and I²."""
    pooled = trial_effects.effects_at(TWO_SITES, 52)["pooled"]
    assert pooled["difference"] == pytest.approx(0.16117, abs=1e-3)
    assert pooled["ci_low"] == pytest.approx(0.00372, abs=1e-3)
    assert pooled["ci_high"] == pytest.approx(0.31862, abs=1e-3)
    assert pooled["random_difference"] == pytest.approx(0.15275, abs=1e-3)
    assert pooled["random_ci_low"] == pytest.approx(-0.05846, abs=1e-3)
    assert pooled["random_ci_high"] == pytest.approx(0.36397, abs=1e-3)
    assert pooled["i2"] == pytest.approx(0.43171, abs=1e-3)
    assert pooled["sites"] == 2


def test_i2_is_zero_when_sites_agree():
    """Two sites with the same result: no spread beyond chance, I² is 0 (not negative) and
    the random effect equals the fixed one."""
    pooled = trial_effects.effects_at(
        arms(("Roskilde", 40, 20, 40, 10), ("Vejle", 40, 20, 40, 10)), 52
    )["pooled"]
    assert pooled["i2"] == 0.0
    assert pooled["difference"] == pytest.approx(0.25, abs=1e-9)
    assert pooled["random_difference"] == pytest.approx(0.25, abs=1e-9)
    # weight 2/0,0109375; standard error sqrt(0,0109375/2) = 0,073951
    assert pooled["ci_low"] == pytest.approx(0.25 - 0.14494, abs=1e-3)


def test_one_site_pools_to_its_own_estimate():
    """With one site the pooled figure is the site's own, with its Newcombe interval (as
    the site's row says it), and no I²."""
    pooled = trial_effects.effects_at(arms(("Roskilde", 40, 20, 40, 10)), 52)["pooled"]
    assert (pooled["difference"], pooled["ci_low"], pooled["ci_high"]) == pytest.approx(
        (0.25, 0.03789, 0.43330), abs=1e-3
    )
    assert pooled["random_ci_low"] == pytest.approx(0.03789, abs=1e-3)
    assert pooled["i2"] is None


def test_hidden_counts_leave_a_site_out():
    """A site whose count is suppressed has no effect and is not pooled."""
    out = trial_effects.effects_at(
        arms(("Roskilde", 40, 20, 40, 10), ("Vejle", 30, None, 30, 11)), 52
    )
    assert out["by_municipality"]["Vejle"] is None
    assert out["pooled"]["difference"] == pytest.approx(0.25, abs=1e-9)
    assert out["pooled"]["sites"] == 1


def test_a_site_without_variance_is_not_pooled():
    """Everyone in job or education in both arms: a difference of 0 with no Wald variance,
    shown for the site but given no weight."""
    out = trial_effects.effects_at(
        arms(("Roskilde", 40, 20, 40, 10), ("Vejle", 10, 10, 10, 10)), 52
    )
    assert out["by_municipality"]["Vejle"]["difference"] == 0.0
    assert out["pooled"]["sites"] == 1


# The cost per additional young person in job or education: 60.000 kr. per young person
# randomised to NExTWORK.
def test_cost_per_additional_outcome():
    """60.000 kr. / 0,25 = 240.000 kr.; interval 60.000 / 0,43330 = 138.474 kr. to
    60.000 / 0,03789 = 1.583.570 kr."""
    pooled = trial_effects.effects_at(arms(("Roskilde", 40, 20, 40, 10)), 52)["by_municipality"]
    out = trial_effects.cost_per_outcome(60_000.0, pooled["Roskilde"])
    assert out["defined"] is True
    assert out["value"] == pytest.approx(240_000.0, abs=1)
    assert out["ci_low"] == pytest.approx(138_474.0, abs=5)
    assert out["ci_high"] == pytest.approx(1_583_570.0, abs=50)


def test_cost_per_additional_outcome_not_defined_through_zero():
    """Vejle's interval (-0,20 to 0,26) includes 0: no cost per extra outcome."""
    vejle = trial_effects.effects_at(TWO_SITES, 52)["by_municipality"]["Vejle"]
    out = trial_effects.cost_per_outcome(60_000.0, vejle)
    assert out == {"value": None, "ci_low": None, "ci_high": None, "defined": False}


def test_arm_share_wilson():
    """One arm's share with its Wilson interval: 20 of 40 is 0,5, 0,35199 to 0,64801."""
    assert trial_effects.arm_share(20, 40) == pytest.approx((0.5, 0.35199, 0.64801), abs=1e-4)
    assert trial_effects.arm_share(None, 40) == (None, None, None)


def test_months_off_benefit_is_the_area_between_the_arms():
    """On benefits, of 10 in each arm: control 10, 6, 5 at weeks 0, 26, 52; NExTWORK 10, 4, 3.
    The gap is 0; 0,2; 0,2. Trapezoids: 26·(0 + 0,2)/2 + 26·(0,2 + 0,2)/2 = 7,8 weeks =
    7,8 · 12/52 = 1,8 months."""
    rows = pd.DataFrame(
        {
            "municipality": [None, None, None, None],
            "weeks": [0, 26, 52, 104],
            "count_randomised_nextwork": [10, 10, 10, 10],
            "count_benefits_nextwork": [10, 4, 3, 0],
            "count_randomised_control": [10, 10, 10, 10],
            "count_benefits_control": [10, 6, 5, 10],
        }
    )
    assert trial_effects.months_off_benefit(rows, 52) == pytest.approx(1.8, abs=1e-9)
    hidden = rows.assign(count_benefits_control=[None] * 4)
    assert trial_effects.months_off_benefit(hidden, 52) is None


def test_points_use_the_minus_sign_and_no_sign_on_zero():
    from nextwork.present.trial_charts import points

    assert points(-0.04999, "da", 1) == "\u22125,0"
    assert points(-0.1377, "en", 1) == "\u221213.8"
    assert points(0.1767, "da", 1) == "17,7"
    assert points(-0.004, "da") == "0"  # what rounds to 0 has no sign
    assert points(-0.0004, "da", 1) == "0,0"
    assert points(None, "da") == "–"


def test_an_interval_through_zero_is_not_called_an_effect():
    from nextwork.present.trial_charts import sentence

    # Sønderborg in the demo at week 52: 71 of 220 against 82 of 220.
    through_zero = {"difference": -0.05, "ci_low": -0.13772, "ci_high": 0.03881}
    assert sentence(through_zero, 52, "da") == (
        "5 procentpoint færre i job eller uddannelse efter 52 uger, 95 %-interval \u221214 til "
        "4; intervallet rummer 0, så forsøget kan ikke skelne det fra ingen effekt"
    )
    assert sentence(through_zero, 52, "en").endswith(
        "95 % interval \u221214 to 4; the interval includes 0, so the trial cannot tell it "
        "from no effect"
    )
    above = {"difference": 0.16117, "ci_low": 0.00372, "ci_high": 0.31862}
    assert sentence(above, 52, "da") == (
        "16 procentpoint flere i job eller uddannelse efter 52 uger, 95 %-interval 0 til 32"
    )


def test_kroner_use_the_minus_sign():
    from nextwork.present.money import kroner

    assert kroner(-17077205.4, "da") == "\u221217.077.205 kr."
    assert kroner(-17077205.4, "en") == "DKK \u221217,077,205"
    assert kroner(-0.4, "da") == "0 kr."
    assert kroner(240307, "da") == "240.307 kr."


def test_the_random_effects_sentence_says_when_its_interval_includes_zero():
    from nextwork.web.trial_ui import heterogeneity

    # The demo at week 52: fixed 6,1 (2,6 to 9,6), random 6,0 (-1,3 to 13,4), I² 77 %.
    pooled = {"random_difference": 0.06046, "random_ci_low": -0.01281,
              "random_ci_high": 0.13374, "i2": 0.76762}  # fmt: skip
    assert heterogeneity(pooled, "da") == (
        "Med tilfældige effekter (DerSimonian-Laird), som lader kommunernes effekt være "
        "forskellig: 6 procentpoint, 95 %-interval \u22121 til 13; det rummer 0, så heller ikke "
        "her kan effekten skelnes fra ingen. I² = 77 %: den del af forskellen mellem "
        "kommunerne, som ikke er tilfældig variation."
    )
    assert "95 % interval \u22121 to 13; it includes 0, so here too" in heterogeneity(pooled, "en")
    above = {**pooled, "random_ci_low": 0.004}
    assert "rummer 0" not in heterogeneity(above, "da")


def test_months_on_benefits_in_words_say_more_or_fewer():
    from nextwork.web.trial_ui import months_words

    # Sønderborg in the demo: NExTWORK's young people spent 0,6 months more on benefits.
    assert months_words(-0.6, "da") == "0,6 måneder flere"
    assert months_words(-0.6, "en") == "0.6 months more"
    assert months_words(1.8, "da") == "1,8 måneder færre"
    assert months_words(-0.01, "da") == "0,0 måneder færre"  # what rounds to 0 has no way
