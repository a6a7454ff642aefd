// The portal pages a notification points at. Every one of them requires sign-in.
export const links = {
  approval: (requestId: string) => `/approvals#request-${requestId}`,
  approvals: () => "/approvals",
  extension: (extensionId: string) => `/approvals#extension-${extensionId}`,
  myRequest: (requestId: string) => `/requests#request-${requestId}`,
  myGrant: (grantId: string) => `/requests#grant-${grantId}`,
  extendGrant: (grantId: string) => `/requests?extend=${grantId}#grant-${grantId}`,
  resource: (slug: string) => `/owner/resources/${slug}`,
  policy: (slug: string) => `/owner/resources/${slug}/policy`,
};
