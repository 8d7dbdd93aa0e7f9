/** What a refused Container Apps call tells the user to grant. */

/** The role that lets a workflow update a Container App and read its revisions. */
export const CONTAINER_APPS_ROLE = 'Container Apps Contributor (or Contributor)';

/** The role that lets a workflow read a Container App, its revisions and its environment. */
export const APPS_READER_ROLE = 'Reader (or Container Apps Contributor)';
