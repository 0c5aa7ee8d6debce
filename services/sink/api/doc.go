// Package api is the read API of the Tidings store: JSON over HTTP under
// /api/v1, served by the sink and by `tidings up` on their HTTP address.
//
//	GET /api/v1/articles          article summaries, newest first (since, until, entity, q)
//	GET /api/v1/articles/{id}     one record in the record format
//	GET /api/v1/entities          the entity registry by article count (type, name prefix)
//	GET /api/v1/entities/{id}     an entity with its articles, quotes and event timeline
//	GET /api/v1/events            CAMEO events as a timeline (root, actor, participant, location, from, to)
//	GET /api/v1/quotes            quotes (speaker)
//	GET /api/v1/openapi.json      the OpenAPI 3 description of all of the above
//
// Lists are paged with an opaque cursor (next_cursor in a page, cursor in
// the next request) and a bounded limit. Errors are JSON with the status
// they come with: 400 for a bad parameter, 401 without the bearer token
// when one is set, 404 for an unknown id or path.
package api
