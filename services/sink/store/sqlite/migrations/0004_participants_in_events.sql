-- 0004_participants_in_events: an event's actors and targets move into its
-- row (events.actors, events.targets: JSON arrays of {id, name}), and the
-- events an entity takes part in are listed with the entity's row of the
-- article (article_entities.actor_events, target_events: JSON arrays of
-- event ordinals), which the queries for an entity's events find through
-- the article_entities_entity index. event_participants, one row per actor
-- or target (some 27 per article), was two fifths of the rows an article
-- wrote and a quarter of the writer's time.
ALTER TABLE events ADD COLUMN actors TEXT NOT NULL DEFAULT '[]';
ALTER TABLE events ADD COLUMN targets TEXT NOT NULL DEFAULT '[]';
ALTER TABLE article_entities ADD COLUMN actor_events TEXT NOT NULL DEFAULT '[]';
ALTER TABLE article_entities ADD COLUMN target_events TEXT NOT NULL DEFAULT '[]';

UPDATE events SET
  actors = (SELECT json_group_array(json(CASE WHEN entity_id IS NULL THEN json_object('name', name)
                                              ELSE json_object('id', entity_id, 'name', name) END))
            FROM (SELECT entity_id, name FROM event_participants p
                  WHERE p.article_seq = events.article_seq AND p.event_ordinal = events.ordinal AND p.role = 'actor'
                  ORDER BY p.ordinal)),
  targets = (SELECT json_group_array(json(CASE WHEN entity_id IS NULL THEN json_object('name', name)
                                               ELSE json_object('id', entity_id, 'name', name) END))
             FROM (SELECT entity_id, name FROM event_participants p
                   WHERE p.article_seq = events.article_seq AND p.event_ordinal = events.ordinal AND p.role = 'target'
                   ORDER BY p.ordinal))
WHERE EXISTS (SELECT 1 FROM event_participants p WHERE p.article_seq = events.article_seq AND p.event_ordinal = events.ordinal);

UPDATE article_entities SET
  actor_events = (SELECT json_group_array(event_ordinal) FROM (SELECT DISTINCT event_ordinal FROM event_participants p
                  WHERE p.article_seq = article_entities.article_seq AND p.entity_id = article_entities.entity_id
                    AND p.role = 'actor' ORDER BY event_ordinal)),
  target_events = (SELECT json_group_array(event_ordinal) FROM (SELECT DISTINCT event_ordinal FROM event_participants p
                   WHERE p.article_seq = article_entities.article_seq AND p.entity_id = article_entities.entity_id
                     AND p.role = 'target' ORDER BY event_ordinal))
WHERE EXISTS (SELECT 1 FROM event_participants p
              WHERE p.article_seq = article_entities.article_seq AND p.entity_id = article_entities.entity_id);

DROP TABLE event_participants;
