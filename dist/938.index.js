export const id = 938;
export const ids = [938];
export const modules = {

/***/ 52938:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   RegionsFailed: () => (/* binding */ RegionsFailed),
/* harmony export */   cloudRunRegions: () => (/* binding */ cloudRunRegions),
/* harmony export */   combine: () => (/* binding */ combine),
/* harmony export */   regionsFailed: () => (/* binding */ regionsFailed)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _oci_access_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(81307);
/* harmony import */ var _render_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(72338);
/**
 * One step, several Cloud Run regions: the image is pushed once (by run()), every region's service
 * or job is prepared (read only) before anything is pushed, and the regions deploy in parallel.
 * The step fails when any region fails, and says which regions deployed: a region that failed
 * leaves its traffic where it was, and a region that succeeded keeps what it deployed.
 */



/** Outputs that hold one value per region: `urls` and `revisions` (and `executions` for a job). */
const PER_REGION_OUTPUTS = { revision: 'revisions', execution: 'executions' };
function cloudRunRegions(inputs, regionRuntime) {
    return {
        name: 'cloud-run',
        prepare: (target, log) => prepareRegions(inputs, regionRuntime, target, log),
    };
}
function regionLog(log, region, several) {
    return several ? (line) => log(`[${region}] ${line}`) : log;
}
async function prepareRegions(inputs, regionRuntime, target, log) {
    const regions = inputs.regions ?? [inputs.region];
    const several = regions.length > 1;
    const settled = await Promise.allSettled(regions.map((region) => regionRuntime({ ...inputs, region }).prepare(target, regionLog(log, region, several))));
    const failed = regions.flatMap((region, i) => {
        const outcome = settled[i];
        return outcome.status === 'rejected' ? [{ region, error: outcome.reason }] : [];
    });
    const prepared = settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    if (failed.length > 0) {
        await Promise.allSettled(prepared.map((p) => p.close()));
        // One region's error, or one error that no region changes (an image Cloud Run cannot pull), is
        // thrown as it is, keeping its type: a plan goes on past a denied read.
        if (new Set(failed.map((f) => (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(f.error))).size === 1)
            throw failed[0].error;
        const access = failed.every((f) => (0,_oci_access_js__WEBPACK_IMPORTED_MODULE_2__/* .accessProblem */ .c)(f.error) !== undefined)
            ? (0,_oci_access_js__WEBPACK_IMPORTED_MODULE_2__/* .accessProblem */ .c)(failed[0].error)
            : undefined;
        throw new _render_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudRunError */ .D0(`${failed.length} of ${regions.length} regions cannot be deployed; nothing was pushed or changed:\n` +
            failed.map((f) => `${f.region}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(f.error)}`).join('\n'), { cause: failed[0].error, ...(access && { access }) });
    }
    if (!several) {
        const [only] = prepared;
        return { ...only, deploy: async (deployLog) => withRegionOutputs(regions[0], await only.deploy(deployLog)) };
    }
    const skipPush = prepared.every((p) => p.skipPush) ? prepared[0].skipPush : undefined;
    return {
        plan: [
            `${regions.length} regions, deployed in parallel: ${regions.join(', ')}`,
            ...prepared.flatMap((p, i) => [`${regions[i]}:`, ...p.plan.map((line) => `  ${line}`)]),
        ],
        warnings: [...new Set(prepared.flatMap((p) => p.warnings))],
        ...(skipPush !== undefined && { skipPush }),
        deploy: (deployLog) => deployRegions(regions, prepared, deployLog),
    };
}
async function deployRegions(regions, prepared, log) {
    log(`deploying to ${regions.length} regions in parallel: ${regions.join(', ')}`);
    // Every region runs to its end, whatever the others do: none is left half-watched.
    const settled = await Promise.allSettled(prepared.map((p, i) => p.deploy(regionLog(log, regions[i], true))));
    const outcomes = settled.map((outcome, i) => outcome.status === 'fulfilled'
        ? { region: regions[i], result: outcome.value }
        : { region: regions[i], error: outcome.reason });
    const failed = outcomes.filter((o) => o.error !== undefined);
    if (failed.length > 0)
        throw regionsFailed(outcomes, failed);
    return combine(outcomes);
}
/** The result of every region: the first region's outputs as they are, and REGION=VALUE lines. */
function combine(outcomes) {
    const results = outcomes.map((o) => ({ region: o.region, result: o.result }));
    const first = results[0].result;
    const outputs = { ...first.outputs };
    const lines = (pick) => results.flatMap(({ region, result }) => {
        const value = pick(result);
        return value ? [`${region}=${value}`] : [];
    });
    for (const [single, plural] of Object.entries(PER_REGION_OUTPUTS)) {
        const values = lines((r) => r.outputs[single]);
        if (values.length)
            outputs[plural] = values.join('\n');
    }
    const urls = lines((r) => r.url);
    if (urls.length)
        outputs.urls = urls.join('\n');
    return {
        outputs,
        detail: `${results.length} regions deployed: ${results.map((r) => r.region).join(', ')}`,
        ...(first.url && { url: first.url }),
        rows: results.map(({ region, result }) => ({ label: region, detail: result.detail })),
        ...(results.some((r) => r.result.postOnPullRequest) && { postOnPullRequest: true }),
    };
}
/** One region's result with the per-region outputs too, so a workflow reads them the same way for one region or several. */
function withRegionOutputs(region, result) {
    const { outputs } = combine([{ region, result }]);
    return { ...result, outputs };
}
/** A deploy that failed in some regions: what each region did, and the outputs of those that deployed. */
class RegionsFailed extends _render_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudRunError */ .D0 {
    partial;
    constructor(message, partial, options) {
        super(message, options);
        this.partial = partial;
        this.name = 'RegionsFailed';
    }
}
/** Which regions deployed and which failed, each in a line of its own. */
function regionsFailed(outcomes, failed) {
    const succeeded = outcomes.filter((o) => o.error === undefined);
    const lines = outcomes.map((o) => o.error === undefined
        ? `${o.region}: deployed: ${o.result.detail}`
        : `${o.region}: failed: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(o.error)}`);
    const summary = succeeded.length
        ? `deployed in ${succeeded.map((o) => o.region).join(', ')} (kept: a failure elsewhere does not touch their traffic); failed in ${failed.map((o) => o.region).join(', ')}`
        : `failed in every region (${failed.map((o) => o.region).join(', ')})`;
    const outputs = succeeded.length ? combine(succeeded).outputs : {};
    const perRegion = new Set(['urls', ...Object.values(PER_REGION_OUTPUTS)]);
    const partial = {
        // Only the per-region lines: url and revision name the first region, which may be one that failed.
        outputs: Object.fromEntries(Object.entries(outputs).filter(([name]) => perRegion.has(name))),
        detail: `deployed in ${succeeded.length} of ${outcomes.length} regions`,
        rows: outcomes.map((o) => ({
            label: o.region,
            detail: o.error === undefined ? o.result.detail : `failed: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(o.error)}`,
        })),
    };
    return new RegionsFailed(`Cloud Run ${summary}:\n${lines.join('\n')}`, partial, { cause: failed[0].error });
}


/***/ })

};

//# sourceMappingURL=938.index.js.map