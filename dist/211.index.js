export const id = 211;
export const ids = [211];
export const modules = {

/***/ 41211:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   saveFromDaemon: () => (/* binding */ saveFromDaemon)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _actions_exec__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(81260);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(62148);
/* harmony import */ var _source_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(94155);
/**
 * The runner's Docker engine as a source: `docker image save` into a temporary tarball (removed
 * when the run ends), read as a docker-archive. The engine is reached through the docker CLI, so
 * DOCKER_HOST, contexts and rootless setups work as they do for `docker` itself.
 */






async function saveFromDaemon(ref, log, keepCompressedLayers = false) {
    const name = (0,_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .familiarReference */ .ZD)(ref);
    const description = `docker-daemon:${name}`;
    const file = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(process.env.RUNNER_TEMP || (0,node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir)(), `portable-deploy-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()}.tar`);
    let result;
    try {
        result = await (0,_actions_exec__WEBPACK_IMPORTED_MODULE_3__/* .getExecOutput */ .H)('docker', ['image', 'save', '--output', file, name], {
            ignoreReturnCode: true,
            silent: true,
        });
    }
    catch (error) {
        throw new _source_js__WEBPACK_IMPORTED_MODULE_5__/* .SourceError */ .c(`${description}: the docker CLI could not run (${error.message}); install Docker on the runner or use a registry reference`);
    }
    if (result.exitCode !== 0) {
        const said = (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ');
        throw new _source_js__WEBPACK_IMPORTED_MODULE_5__/* .SourceError */ .c(`${description}: \`docker image save ${name}\` failed (exit ${result.exitCode}): ${said}. ` +
            'Check that the image exists locally (docker image ls) and that the Docker engine is running');
    }
    log?.(`saved ${name} from the Docker engine`);
    // Loaded here, not at the top, so the bundle keeps one copy of it for both docker sources.
    const { DockerArchiveSource } = await __webpack_require__.e(/* import() */ 197).then(__webpack_require__.bind(__webpack_require__, 85197));
    return new DockerArchiveSource(file, ref, {
        description,
        removeOnClose: true,
        savedByName: true,
        keepCompressedLayers,
        ...(log && { log }),
    });
}


/***/ })

};

//# sourceMappingURL=211.index.js.map