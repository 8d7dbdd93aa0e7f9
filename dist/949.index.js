export const id = 949;
export const ids = [949];
export const modules = {

/***/ 94949:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   artifactRepository: () => (/* binding */ artifactRepository),
/* harmony export */   ensureArtifactRepository: () => (/* binding */ ensureArtifactRepository),
/* harmony export */   googleRegistryCredentials: () => (/* binding */ googleRegistryCredentials)
/* harmony export */ });
/* unused harmony export OAUTH2_USER */
/* harmony import */ var _google_cloud_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(42928);

/** The user name Google's registries take with an OAuth2 access token as the password. */
const OAUTH2_USER = 'oauth2accesstoken';
/** Registry credentials from Application Default Credentials; undefined when there are none. */
async function googleRegistryCredentials() {
    const token = await (0,_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .googleAccessToken */ .d6)();
    return token === undefined ? undefined : { username: OAUTH2_USER, password: token };
}
/** Where an image lives in Artifact Registry; gcr.io hosts map to the gcr.io repositories AR serves them from. */
function artifactRepository(family, registry) {
    if (family.kind === 'artifact-registry') {
        return { project: family.project, location: family.location, repository: family.repository };
    }
    const location = { us: 'us', eu: 'europe', asia: 'asia' }[family.multiRegion] ?? 'us';
    return { project: family.project, location, repository: registry.toLowerCase() };
}
const READER_ROLE = 'roles/artifactregistry.reader (to check the repository) or roles/artifactregistry.writer';
/**
 * Checks that the Docker repository exists and takes pushes, creating it when asked. In a plan
 * (`dryRun`), reports what it would create and creates nothing.
 */
async function ensureArtifactRepository(where, create, log, dryRun = false) {
    const { ArtifactRegistryClient } = await (0,_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .loadGoogleSdk */ .yT)(() => Promise.all(/* import() */[__webpack_require__.e(492), __webpack_require__.e(142), __webpack_require__.e(192)]).then(__webpack_require__.bind(__webpack_require__, 34192)));
    const client = new ArtifactRegistryClient(await (0,_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .googleClientOptions */ .lE)('artifactregistry'));
    const parent = `projects/${where.project}/locations/${where.location}`;
    const name = `${parent}/repositories/${where.repository}`;
    const described = `"${where.repository}" (project ${where.project}, location ${where.location})`;
    try {
        try {
            const [found] = await client.getRepository({ name });
            return { immutableTags: checkUsable(found, described, log), created: false };
        }
        catch (error) {
            if ((0,_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .googleStatus */ .kn)(error) !== _google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .GoogleStatus */ .I5.NOT_FOUND) {
                throw (0,_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .explainGoogleError */ .rC)(error, `Reading the Artifact Registry repository ${described}`, name, READER_ROLE);
            }
        }
        if (!create) {
            throw new _google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .GcpError */ .VI(`the Artifact Registry repository ${described} does not exist: create it (gcloud artifacts repositories create ${where.repository} --repository-format=docker --location=${where.location} --project=${where.project}), or set create-repository: true`);
        }
        if (dryRun) {
            log(`would create the Artifact Registry Docker repository ${described}`);
            return { immutableTags: false, created: false };
        }
        try {
            const [operation] = await client.createRepository({
                parent,
                repositoryId: where.repository,
                repository: { format: 'DOCKER', description: 'Created by Portable Deploy' },
            });
            const check = (operationName) => client.checkCreateRepositoryProgress(operationName);
            await (0,_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .waitForOperation */ .o5)(operation, check, 300);
            log(`created the Artifact Registry Docker repository ${described}`);
            return { immutableTags: false, created: true };
        }
        catch (error) {
            // Another matrix leg may have created it a moment ago: that is the state we wanted.
            if ((0,_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .googleStatus */ .kn)(error) === _google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .GoogleStatus */ .I5.ALREADY_EXISTS) {
                const [found] = await client.getRepository({ name });
                return { immutableTags: checkUsable(found, described, log), created: false };
            }
            throw (0,_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .explainGoogleError */ .rC)(error, `Creating the Artifact Registry repository ${described}`, parent, 'roles/artifactregistry.admin (artifactregistry.repositories.create)');
        }
    }
    finally {
        await client.close();
    }
}
/** A repository takes our push only if it is a standard Docker repository; returns whether its tags are immutable. */
function checkUsable(found, described, log) {
    if (found.format !== 'DOCKER' && found.format !== 1) {
        throw new _google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .GcpError */ .VI(`the Artifact Registry repository ${described} holds ${String(found.format)} packages, not Docker images: push to a Docker-format repository`);
    }
    if (found.mode === 'REMOTE_REPOSITORY' ||
        found.mode === 'VIRTUAL_REPOSITORY' ||
        found.mode === 2 ||
        found.mode === 3) {
        throw new _google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .GcpError */ .VI(`the Artifact Registry repository ${described} is a ${String(found.mode).toLowerCase().replace('_', ' ')}, which cannot be pushed to: push to a standard repository`);
    }
    const immutable = found.dockerConfig?.immutableTags === true;
    log(`Artifact Registry repository ${described} exists${immutable ? '; its tags are immutable' : ''}`);
    return immutable;
}


/***/ })

};

//# sourceMappingURL=949.index.js.map