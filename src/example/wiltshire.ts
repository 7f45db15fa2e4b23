import type { ForecastInput, OriginalPlan } from "../model/types";

/**
 * Wiltshire Council's figures from the January 2025 Schools Forum report
 * ("SEND Transformation Update", revised forecast table) and its Appendix 2
 * ("Sustainability Plan Evolution": target system and interventions).
 * The worked example of the whole product: the bundled workbook is built
 * from this and the tests check the model reproduces the report.
 *
 * Confidence values are illustrative (the report gives none); INMSS
 * placements are the 31/10/24 count and growth the report's "41 more than
 * this time last year". The cost lines price the levers against the plan
 * (Method Change); their unit costs are derived in the README and are an
 * assumption a council replaces with its own.
 */
export const WILTSHIRE_YEARS = [
  "2023/24",
  "2024/25",
  "2025/26",
  "2026/27",
  "2027/28",
  "2028/29",
  "2029/30",
  "2030/31",
];

/**
 * The original Safety Valve plan's two published figures (SEND_OriginalPlan),
 * £'000: the 2024/25 overspend it included, £28.25m (para 12), and its
 * residual deficit, £70.3m, the total deficit balance in its balance year
 * 2028/29, the year it had in-year balance by (paras 20 and 22).
 */
export const WILTSHIRE_ORIGINAL_PLAN: OriginalPlan = {
  inYear: [null, 28250, null, null, null, null, null, null],
  closing: [null, null, null, null, null, 70300, null, null],
};

export const WILTSHIRE: ForecastInput = {
  baseline: {
    requests: 97,
    noToAssessRate: 0.12,
    noToIssueRate: 0.039,
    ceased: 29,
    transfersIn: 0,
    openingEhcps: 6354,
    forecastStart: "2025-01",
    inmssPlacements: 362,
    inmssAnnualGrowth: 41,
    lagMonths: 0,
  },
  interventions: [
    {
      name: "Addressing poor practice in schools",
      lever: "Requests",
      impact: 8,
      start: "2025-04",
      rampMonths: 0,
      status: "New",
      confidence: 0.9,
    },
    {
      name: "Pre-DaD1 support",
      lever: "Requests",
      impact: 8,
      start: "2025-06",
      rampMonths: 0,
      status: "New",
      confidence: 0.6,
    },
    {
      name: "Early Years ESA",
      lever: "Requests",
      impact: 15,
      start: "2025-06",
      rampMonths: 0,
      status: "New",
      confidence: 0.7,
    },
    {
      name: "Additional post-16 ceasing",
      lever: "Ceased",
      impact: 10,
      start: "2025-09",
      rampMonths: 0,
      status: "Accelerate",
      confidence: 0.8,
    },
    {
      name: "Pre-16 ceasing",
      lever: "Ceased",
      impact: 5,
      start: "2026-01",
      rampMonths: 0,
      status: "New",
      confidence: 0.5,
    },
    {
      name: "Improving decision-making (no to assess)",
      lever: "NoToAssess",
      impact: 0.13,
      start: "2026-01",
      rampMonths: 0,
      status: "Optimise",
      confidence: 0.7,
    },
    {
      name: "Improving decision-making (no to issue)",
      lever: "NoToIssue",
      impact: 0.011,
      start: "2026-01",
      rampMonths: 0,
      status: "Optimise",
      confidence: 0.7,
    },
    {
      name: "Mid-phase step downs",
      lever: "INMSSGrowth",
      impact: 0.1,
      start: "2026-04",
      rampMonths: 0,
      status: "New",
      confidence: 0.6,
    },
    {
      name: "Assistant Education Officer posts",
      lever: "INMSSGrowth",
      impact: 0.1,
      start: "2025-09",
      rampMonths: 0,
      status: "New",
      confidence: 0.8,
    },
  ],
  years: WILTSHIRE_YEARS,
  expenditure: [
    {
      label: "Mainstream Provision (incl. Resourced Provision Top Ups)",
      values: [23190, 25055, 19512, 18090, 16885, 16003, 15580, 14985],
    },
    {
      label: "Resourced Provision (places only)",
      values: [4249, 4933, 5712, 5582, 5822, 6062, 6302, 6542],
    },
    { label: "Special Schools", values: [28137, 34504, 34262, 37147, 40333, 42937, 45047, 47072] },
    {
      label: "Independent and Non-maintained Special School Provision",
      values: [20263, 28373, 26525, 25111, 17547, 5328, 3480, 3893],
    },
    { label: "Post 16 Provision", values: [11150, 12193, 13112, 12034, 10379, 9365, 8500, 8106] },
    { label: "Alternative Provision", values: [7980, 9040, 9974, 9319, 8877, 8720, 8520, 7530] },
    { label: "Therapies", values: [667, 669, 873, 873, 873, 873, 873, 873] },
    {
      label: "Other High Needs Block places and top ups",
      values: [1047, 1103, 1087, 1054, 1003, 932, 840, 748],
    },
    {
      label: "High Needs Block staffing etc",
      values: [0, 6303, 7693, 6723, 6736, 6749, 6763, 6776],
    },
  ],
  funding: {
    highNeedsBlock: [-70798, -74445, -80301, -82710, -85192, -87748, -90380, -93091],
    blockTransfer: [-1797, -2000, -1937, -3867, -3983, -4102, -4225, -4352],
    otherBlocks: [-2766, -2531, 0, 0, 0, 0, 0, 0],
    safetyValve: [-26800, -6700, -6700, -6700, -6700, -13400, 0, 0],
  },
  openingDeficit: 35214,
  // The report's levers in £ (README, "Costs"): the plan's lines move by a scenario's activity
  // above the plan's. Place-led provision costs £10,150 a year per EHCP — the three place-led
  // lines' 2024/25 spend (25,055 + 4,933 + 34,504 = £64,492k) over the 6,354 EHCPs at the end of
  // December 2024 — carried by those lines in proportion to that spend; an INMSS placement costs
  // £35,560 a year more than one in a maintained special school (para 11). Both at 2024/25 prices,
  // rising 3% a year as the report's High Needs Block does. An assumption a council replaces.
  costs: [
    {
      line: "Mainstream Provision (incl. Resourced Provision Top Ups)",
      driver: "EHCPs",
      share: 0.3885,
      unitCost: 10150,
      inflation: 0.03,
      baseYear: "2024/25",
      method: "Change",
    },
    {
      line: "Resourced Provision (places only)",
      driver: "EHCPs",
      share: 0.0765,
      unitCost: 10150,
      inflation: 0.03,
      baseYear: "2024/25",
      method: "Change",
    },
    {
      line: "Special Schools",
      driver: "EHCPs",
      share: 0.535,
      unitCost: 10150,
      inflation: 0.03,
      baseYear: "2024/25",
      method: "Change",
    },
    {
      line: "Independent and Non-maintained Special School Provision",
      driver: "INMSS",
      share: 1,
      unitCost: 35560,
      inflation: 0.03,
      baseYear: "2024/25",
      method: "Change",
    },
  ],
  // The activity the plan was built on: the model's mitigated yearly averages with every
  // intervention as listed, to full precision, so the supplied table is the plan exactly
  // (test/model/wiltshire.test.ts checks they are the model's). 2023/24 is before the forecast.
  planActivity: {
    ehcps: [
      null,
      6380.515480000001,
      6694.441719999999,
      6782.065579999996,
      6818.365579999991,
      6854.665579999987,
      6890.965579999982,
      6927.265579999978,
    ],
    inmss: [
      null,
      363.7083333333333,
      393.66111111111127,
      428.6250000000002,
      461.4250000000004,
      494.2250000000006,
      527.0250000000007,
      559.8250000000008,
    ],
  },
  originalPlan: WILTSHIRE_ORIGINAL_PLAN,
  // Wiltshire is in a Safety Valve agreement, whose two conditions these are.
  settings: {
    balanceTargetYear: "2028/29",
    deficitCap: 84500,
    deficitCapYear: "2024/25",
    safetyValve: true,
  },
  suppliedTotals: {
    expenditure: [96683, 122172, 118751, 115933, 108455, 96969, 95906, 96527],
  },
};

/** The report's published rows, for checking (within ±3: they were rounded before they were added). */
export const WILTSHIRE_PUBLISHED = {
  inYear: [24088, 45727, 36513, 29356, 19280, 5119, 1301, -917],
  closing: [29736, 66232, 96045, 118701, 131282, 123001, 124301, 123385],
};
