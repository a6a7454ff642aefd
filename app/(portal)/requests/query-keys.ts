export const MY_REQUESTS_KEY = ["my-requests"] as const;
