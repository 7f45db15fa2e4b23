/**
 * The pane's services inside Excel: the Office.js workbook adapter behind
 * the contract's refresh, and the small actions the pane offers (select a
 * cell, freeze the output, bindings in document settings, the
 * interventions range, record the plan's activity).
 */
import { publishForecast } from "../common/forecastChannel";
import { CONTRACT_INPUTS } from "../workbook/contract";
import { createOfficeWorkbook, type ExcelRun } from "../workbook/office/workbook";
import {
  freezeOutputAsValues,
  listNames,
  loadBindings,
  loadOutputMode,
  loadSavedForecastTime,
  orThrow,
  previewPlanActivity,
  readInterventionRows,
  recordPlanActivity,
  saveBindings,
  saveForecastFigures,
  saveOutputMode,
  selectAddress,
  writeInterventionRows,
} from "../workbook/office/actions";
import { refresh } from "../workbook/refresh";
import type { PaneServices } from "./services";

export function createOfficeServices(run: ExcelRun = (batch) => Excel.run(batch)): PaneServices {
  const port = createOfficeWorkbook(run);
  return {
    contractInputs: CONTRACT_INPUTS,
    listNames: () => listNames(run),
    loadBindings: () => loadBindings(),
    // The pane shows a refused action's problems as its failure message.
    saveBindings: async (b) => orThrow(await saveBindings(b)),
    loadOutputMode: () => loadOutputMode(),
    saveOutputMode: async (mode) => orThrow(await saveOutputMode(mode)),
    loadSavedForecastTime: () => loadSavedForecastTime(),
    async refresh({ bindings, mode, onProgress, simulate }) {
      const outcome = await refresh(port, {
        bindings,
        mode,
        onProgress: (step, fraction) => onProgress?.({ step, fraction }),
        ...(simulate ? { simulate } : {}),
      });
      if (!outcome.ok) return outcome;
      // Every =SEND.FORECAST cell recalculates from the result just written,
      const figures = publishForecast(outcome.result);
      // and the figures are kept in the workbook, for FORECAST to serve when it is next opened.
      const kept = await saveForecastFigures(figures);
      const warnings = kept.ok
        ? outcome.warnings
        : [...outcome.warnings, ...kept.problems.map((p) => p.message)];
      return {
        ok: true,
        result: outcome.result,
        sheet: outcome.sheet.name,
        warnings,
        found: outcome.found,
        input: outcome.input,
        ...(outcome.simulation ? { simulation: outcome.simulation } : {}),
      };
    },
    selectAddress: async (address) => orThrow(await selectAddress(run, address)),
    freezeOutputAsValues: async () => orThrow(await freezeOutputAsValues(run)),
    readInterventionRows: (b) => readInterventionRows(run, b),
    writeInterventionRows: async (rows, b) => orThrow(await writeInterventionRows(run, rows, b)),
    previewPlanActivity: (result, b) => previewPlanActivity(run, result, b),
    recordPlanActivity: (result, { bindings, target, recordedOn, replace }) =>
      recordPlanActivity(run, result, {
        bindings,
        recordedOn,
        replace,
        ...(target ? { target } : {}),
      }),
  };
}
