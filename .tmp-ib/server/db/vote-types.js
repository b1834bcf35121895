export function withVotes(db) {
    return db.withTables();
}
