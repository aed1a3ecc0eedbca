// A small Twitter-like graph (the shape of Neo4j's Twitter sample): users, tweets, hashtags.
// Load it into an empty database: cypher-shell -a bolt://localhost:7687 -u neo4j -p <password> -f source.cypher
CREATE (ada:User {screen_name: 'ada', name: 'Ada Lovelace', followers: 120, following: 3, location: 'London',
                  profile_image_url: 'https://img.example.com/ada.png', url: 'https://ada.example.com',
                  betweenness: 2.5, updated_at: datetime('2024-01-01T10:00:00Z')})
CREATE (grace:User {screen_name: 'grace', name: 'Grace Hopper', followers: 95, following: 10, location: 'Arlington',
                    betweenness: 0.75, updated_at: datetime('2024-01-01T11:00:00Z')})
CREATE (linus:User {screen_name: 'linus', name: 'Linus', followers: 3000000000, following: 0,
                    betweenness: 0.0, updated_at: datetime('2024-01-02T09:00:00+01:00')})
CREATE (eve:User {screen_name: 'eve', name: 'Eve', followers: 1})
CREATE (:User {name: 'no screen name', updated_at: datetime('2024-01-01T12:00:00Z')})
CREATE (graphs:Hashtag {name: 'graphs'}), (java:Hashtag {name: 'java'}), (neo4j:Hashtag {name: 'neo4j'})
CREATE (t1:Tweet {id: 1, text: 'graphs in java', updated_at: datetime('2024-01-01T10:05:00Z')})
CREATE (t2:Tweet {id: 2, text: 'more graphs', updated_at: datetime('2024-01-01T11:05:00Z')})
CREATE (t3:Tweet {id: 3, text: 'hello neo4j', updated_at: datetime('2024-01-02T08:05:00Z')})
CREATE (ada)-[:POSTS]->(t1), (grace)-[:POSTS]->(t2), (linus)-[:POSTS]->(t3)
CREATE (t1)-[:TAGS]->(graphs), (t1)-[:TAGS]->(java), (t1)-[:TAGS]->(neo4j), (t2)-[:TAGS]->(graphs), (t3)-[:TAGS]->(neo4j);
