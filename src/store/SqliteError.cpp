#include "store/SqliteError.h"

#include <sqlite3.h>

#include "model/Error.h"

namespace petrel::store {

std::string sqliteDetail(sqlite3* db, int rc) {
    std::string text = "sqlite: ";
    // sqlite3_errmsg describes the latest failure on the connection, which may be a later one
    // than rc when called late; prefer it only when it agrees with rc.
    if (db && (sqlite3_extended_errcode(db) & 0xff) == (rc & 0xff))
        text += sqlite3_errmsg(db);
    else
        text += sqlite3_errstr(rc);
    text += " (code " + std::to_string(rc) + ")";
    return text;
}

void throwIfError(sqlite3* db, int rc, const std::string& message) {
    if (rc == SQLITE_OK) return;
    throw model::Error(model::ErrorKind::Storage, message, sqliteDetail(db, rc));
}

}  // namespace petrel::store
