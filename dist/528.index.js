export const id = 528;
export const ids = [528];
export const modules = {

/***/ 15891:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gy: () => (/* binding */ AwsError),
/* harmony export */   Ni: () => (/* binding */ explainAwsError),
/* harmony export */   rw: () => (/* binding */ awsClientConfig)
/* harmony export */ });
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(44708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _oci_user_error_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(37373);
/**
 * AWS, shared by the ECR registry family and the ECS runtime: how an SDK failure reads to the user
 * (what failed, where, and what to do), and whether it is an access problem a plan may go past.
 */



class AwsError extends _oci_user_error_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .y {
    constructor(message, options) {
        super(message, 'AWS', options);
        this.name = 'AwsError';
    }
}
/** Turns an SDK failure into a sentence that says what failed, where, and what to do. */
function explainAwsError(error, action, where) {
    const name = error.name ?? 'Error';
    const message = error.message ?? String(error);
    if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
        return new AwsError(`${action} (${where}) needs AWS credentials and found none: add aws-actions/configure-aws-credentials (OIDC) before this step`, { cause: error, access: 'missing' });
    }
    if (name === 'AccessDeniedException' || name === 'AccessDenied' || /not authorized/i.test(message)) {
        return new AwsError(`${action} (${where}) was denied: ${message}. Grant the role that permission`, {
            cause: error,
            access: 'denied',
        });
    }
    return new AwsError(`${action} (${where}) failed: ${name}: ${message}`, { cause: error });
}
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];
/**
 * What every AWS SDK client of the run is built with: behind a proxy (HTTP(S)_PROXY, NO_PROXY, as
 * the registry traffic honours them), connections that go through it, which the SDK alone does not
 * do. Otherwise the SDK's own defaults.
 */
function awsClientConfig(env = process.env) {
    if (!PROXY_VARIABLES.some((name) => env[name]))
        return {};
    // The SDK's own agent settings, plus the proxy.
    const options = { keepAlive: true, maxSockets: 50, proxyEnv: env };
    return { requestHandler: { httpAgent: new (node_http__WEBPACK_IMPORTED_MODULE_0___default().Agent)(options), httpsAgent: new (node_https__WEBPACK_IMPORTED_MODULE_1___default().Agent)(options) } };
}


/***/ }),

/***/ 36528:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  EcrClients: () => (/* binding */ EcrClients),
  ecrCredentials: () => (/* binding */ ecrCredentials),
  ecrPublicCredentials: () => (/* binding */ ecrPublicCredentials),
  ensureEcrRepository: () => (/* binding */ ensureEcrRepository)
});

// EXTERNAL MODULE: ./src/runner/workflow-commands.ts
var workflow_commands = __webpack_require__(91520);
// EXTERNAL MODULE: ./src/clouds/aws.ts
var aws = __webpack_require__(15891);
;// CONCATENATED MODULE: ./src/registries/ecr-tags.ts
/**
 * Which tags of an ECR repository are immutable: all (IMMUTABLE), none (MUTABLE), or decided per
 * tag by the repository's exclusion filters (IMMUTABLE_WITH_EXCLUSION, MUTABLE_WITH_EXCLUSION).
 * Pure, so every rule is unit-tested.
 */
/** A WILDCARD filter as a whole-tag match: `*` is any run of characters (none included), all else literal. */
function wildcardMatcher(filter) {
    const pattern = filter
        .split('*')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'))
        .join('.*');
    const regex = new RegExp(`^${pattern}$`, 's');
    return (tag) => regex.test(tag);
}
/**
 * Whether a tag is excluded by the filters. A filter this code does not know (a type other than
 * WILDCARD, or no pattern) counts as matching under MUTABLE_WITH_EXCLUSION and not matching under
 * IMMUTABLE_WITH_EXCLUSION, so that an unknown rule makes a tag immutable, never mutable: at worst
 * the run stops before pushing, where ECR would have refused the tag anyway.
 */
function excluded(filters, tag, unknownMatches) {
    return filters.some((f) => f.filterType === 'WILDCARD' && f.filter ? wildcardMatcher(f.filter)(tag) : unknownMatches);
}
/** A predicate telling, per tag, whether ECR refuses to move it to another image. */
function immutableTagPredicate(mutability, filters) {
    const list = filters ?? [];
    switch (mutability) {
        case undefined:
        case 'MUTABLE':
            return () => false;
        case 'IMMUTABLE':
            return () => true;
        case 'IMMUTABLE_WITH_EXCLUSION':
            return (tag) => !excluded(list, tag, false);
        case 'MUTABLE_WITH_EXCLUSION':
            return (tag) => excluded(list, tag, true);
        default:
            // A setting newer than this code: lean to immutable (at worst the run stops before pushing).
            return () => true;
    }
}
/** How the repository's tags behave, for the log: "immutable", "immutable except latest, dev-*", … */
function describeTagMutability(mutability, filters) {
    const patterns = (filters ?? []).map((f) => (f.filterType === 'WILDCARD' ? f.filter : `${f.filterType} ${f.filter}`));
    switch (mutability) {
        case undefined:
        case 'MUTABLE':
            return 'mutable';
        case 'IMMUTABLE':
            return 'immutable';
        case 'IMMUTABLE_WITH_EXCLUSION':
            return `immutable except ${patterns.join(', ') || '(no filter)'}`;
        case 'MUTABLE_WITH_EXCLUSION':
            return `mutable except ${patterns.join(', ') || '(no filter)'}, which are immutable`;
        default:
            return `${mutability} (treated as immutable)`;
    }
}

;// CONCATENATED MODULE: ./src/registries/ecr-api.ts
/**
 * Amazon ECR's API: registry credentials from GetAuthorizationToken (the AWS SDK's default
 * credential chain, as aws-actions/configure-aws-credentials leaves it, OIDC included), and the
 * repository checked, or created, before any byte moves. The ECR and ECR Public family modules
 * import this file only when they call AWS, and it loads the SDK only then.
 */



function decodeToken(token, registry) {
    const decoded = Buffer.from(token ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0)
        throw new aws/* AwsError */.Gy(`ECR returned an authorization token for ${registry} that is not user:password`);
    const credentials = { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    workflow_commands/* setSecret */.Pq(credentials.password);
    workflow_commands/* setSecret */.Pq(token ?? '');
    return credentials;
}
/**
 * A run's ECR API clients, one per region (and FIPS choice), shared by the registry credentials and
 * the repository check. Each is built on first use, so the SDK loads only when ECR is used; the run
 * destroys them at its end, closing their connections.
 */
class EcrClients {
    clients = new Map();
    client(family) {
        const key = `${family.region}${family.fips ? ' (FIPS)' : ''}`;
        let client = this.clients.get(key);
        if (!client) {
            client = Promise.all(/* import() */[__webpack_require__.e(118), __webpack_require__.e(861), __webpack_require__.e(249)]).then(__webpack_require__.t.bind(__webpack_require__, 28249, 19)).then(({ ECRClient }) => new ECRClient({
                region: family.region,
                ...(family.fips && { useFipsEndpoint: true }),
                ...(0,aws/* awsClientConfig */.rw)(),
            }));
            this.clients.set(key, client);
        }
        return client;
    }
    async destroy() {
        const clients = [...this.clients.values()];
        this.clients.clear();
        for (const built of await Promise.allSettled(clients))
            if (built.status === 'fulfilled')
                built.value.destroy();
    }
}
/** Runs `use` with the run's client for this ECR region, or with one of its own, destroyed after. */
async function withEcrClient(family, shared, use) {
    const clients = shared ?? new EcrClients();
    try {
        return await use(await clients.client(family));
    }
    finally {
        if (!shared)
            await clients.destroy();
    }
}
/** Registry credentials for a private ECR host, from the caller's AWS identity. */
async function ecrCredentials(registry, family, clients) {
    const { GetAuthorizationTokenCommand } = await Promise.all(/* import() */[__webpack_require__.e(118), __webpack_require__.e(861), __webpack_require__.e(249)]).then(__webpack_require__.t.bind(__webpack_require__, 28249, 19));
    return withEcrClient(family, clients, async (client) => {
        try {
            const output = await client.send(new GetAuthorizationTokenCommand({}));
            return decodeToken(output.authorizationData?.[0]?.authorizationToken, registry);
        }
        catch (error) {
            if (error instanceof aws/* AwsError */.Gy)
                throw error;
            throw (0,aws/* explainAwsError */.Ni)(error, 'ecr:GetAuthorizationToken', `account ${family.accountId}, region ${family.region}`);
        }
    });
}
/** Registry credentials for ECR Public (public.ecr.aws), from the caller's AWS identity. */
async function ecrPublicCredentials(registry) {
    // ECR Public's API lives in us-east-1 only.
    const { ECRPUBLICClient, GetAuthorizationTokenCommand } = await Promise.all(/* import() */[__webpack_require__.e(118), __webpack_require__.e(861), __webpack_require__.e(821)]).then(__webpack_require__.t.bind(__webpack_require__, 29821, 19));
    const client = new ECRPUBLICClient({ region: 'us-east-1', ...(0,aws/* awsClientConfig */.rw)() });
    try {
        const output = await client.send(new GetAuthorizationTokenCommand({}));
        return decodeToken(output.authorizationData?.authorizationToken, registry);
    }
    catch (error) {
        if (error instanceof aws/* AwsError */.Gy)
            throw error;
        throw (0,aws/* explainAwsError */.Ni)(error, 'ecr-public:GetAuthorizationToken', 'us-east-1');
    }
    finally {
        client.destroy();
    }
}
/** The tag rules of a repository this run creates (or would create). */
function created(mutability) {
    return {
        immutableTag: immutableTagPredicate(mutability, undefined),
        tagMutability: describeTagMutability(mutability, undefined),
    };
}
/**
 * Checks that the destination repository exists (creating it when asked), before anything is
 * pushed. In a plan (`dryRun`), reports what it would create and creates nothing.
 */
async function ensureEcrRepository(family, repository, options, log, dryRun = false, clients) {
    const ecr = await Promise.all(/* import() */[__webpack_require__.e(118), __webpack_require__.e(861), __webpack_require__.e(249)]).then(__webpack_require__.t.bind(__webpack_require__, 28249, 19));
    const where = `account ${family.accountId}, region ${family.region}`;
    return withEcrClient(family, clients, async (client) => {
        try {
            const found = await client.send(new ecr.DescribeRepositoriesCommand({ registryId: family.accountId, repositoryNames: [repository] }));
            // Decided per tag before the push: with exclusion filters, some tags move and others do not.
            const { imageTagMutability, imageTagMutabilityExclusionFilters } = found.repositories?.[0] ?? {};
            const tagMutability = describeTagMutability(imageTagMutability, imageTagMutabilityExclusionFilters);
            log(`ECR repository "${repository}" (${where}) exists${tagMutability === 'mutable' ? '' : `; its tags are ${tagMutability}`}`);
            return {
                immutableTag: immutableTagPredicate(imageTagMutability, imageTagMutabilityExclusionFilters),
                tagMutability,
                created: false,
            };
        }
        catch (error) {
            if (error.name !== 'RepositoryNotFoundException') {
                throw (0,aws/* explainAwsError */.Ni)(error, `ecr:DescribeRepositories for "${repository}"`, where);
            }
        }
        if (!options.create) {
            throw new aws/* AwsError */.Gy(`the ECR repository "${repository}" does not exist (${where}): create it, or set create-repository: true`);
        }
        if (dryRun) {
            log(`would create the ECR repository "${repository}" (${where}), tags ${options.imageTagMutability.toLowerCase()}`);
            return { ...created(options.imageTagMutability), created: false };
        }
        try {
            await client.send(new ecr.CreateRepositoryCommand({
                registryId: family.accountId,
                repositoryName: repository,
                imageTagMutability: options.imageTagMutability,
                imageScanningConfiguration: { scanOnPush: options.scanOnPush },
            }));
            if (options.lifecyclePolicy) {
                await client.send(new ecr.PutLifecyclePolicyCommand({
                    registryId: family.accountId,
                    repositoryName: repository,
                    lifecyclePolicyText: options.lifecyclePolicy,
                }));
            }
        }
        catch (error) {
            throw (0,aws/* explainAwsError */.Ni)(error, `ecr:CreateRepository for "${repository}"`, where);
        }
        log(`created the ECR repository "${repository}" (${where}), tags ${options.imageTagMutability.toLowerCase()}${options.scanOnPush ? ', scan on push' : ''}${options.lifecyclePolicy ? ', with a lifecycle policy' : ''}`);
        return { ...created(options.imageTagMutability), created: true };
    });
}


/***/ })

};

//# sourceMappingURL=528.index.js.map