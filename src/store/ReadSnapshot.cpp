#include "store/ReadSnapshot.h"

#include "store/Db.h"

namespace petrel::store {

ReadSnapshot::ReadSnapshot(Db& db) : db_(db) {
    if (!db_.inTransaction()) {
        db_.exec("BEGIN");
        owned_ = true;
    }
}

ReadSnapshot::~ReadSnapshot() {
    if (!owned_) return;
    try {
        // Nothing was written; COMMIT just ends the read transaction. If it fails there is
        // nothing to lose, and a destructor must not throw.
        db_.exec("COMMIT");
    } catch (...) {
    }
}

}  // namespace petrel::store
