/**
 * An e-mail domain as an OIDC connection allows it (`polisen.se`): labels of letters, digits and
 * hyphens, a top-level domain of letters; no `@`, no wildcard. The API's check and the web form's.
 */
export const EMAIL_DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
