/**
 * {@code flotilla join}: the agent's install for one cluster (the Helm chart {@code deploy/helm/flotilla-agent}, or
 * plain manifests) with a registration token, printed or applied through the user's kubeconfig.
 */
package dev.flotilla.cli.join;
