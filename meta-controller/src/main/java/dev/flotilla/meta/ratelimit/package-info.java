/** Request budgets per caller: token buckets in memory, one set for the portal API and one for the agent API. */
package dev.flotilla.meta.ratelimit;
