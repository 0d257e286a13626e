#pragma once
#include <string>

struct sqlite3;

namespace petrel::store {

// "sqlite: <message> (extended code N)" for Error::detail(); never contains bound values.
std::string sqliteDetail(sqlite3* db, int rc);

// Throws model::Error(Storage, message, detail) unless rc is SQLITE_OK.
void throwIfError(sqlite3* db, int rc, const std::string& message);

}  // namespace petrel::store
