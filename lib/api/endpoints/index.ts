import "server-only";
// Every /api/v1 operation, in the order the documentation lists them.
import { accessCheckEndpoint, auditVerifyEndpoint } from "./checks";
import { extendGrantEndpoint, listGrantsEndpoint, relinquishGrantEndpoint, revealCredentialsEndpoint } from "./grants";
import { approveRequestEndpoint, cancelRequestEndpoint, createRequestEndpoint, denyRequestEndpoint, getRequestEndpoint } from "./requests";

export const API_ENDPOINTS = [
  createRequestEndpoint,
  getRequestEndpoint,
  cancelRequestEndpoint,
  approveRequestEndpoint,
  denyRequestEndpoint,
  listGrantsEndpoint,
  extendGrantEndpoint,
  relinquishGrantEndpoint,
  revealCredentialsEndpoint,
  accessCheckEndpoint,
  auditVerifyEndpoint,
];
