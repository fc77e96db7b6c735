/** Portal API tokens: roles, tenant scope, issue, list, revoke, and resolution of a bearer secret. */
package dev.flotilla.meta.token;
