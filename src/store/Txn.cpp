#include "store/Txn.h"

#include "model/Error.h"
#include "store/Db.h"

namespace petrel::store {

namespace {
// Savepoint names only need to be unique among those open at once on one thread's connection.
thread_local unsigned savepointCounter = 0;
}  // namespace

Txn::Txn(Db& db) : db_(db) {
    if (db_.inTransaction()) {
        savepoint_ = "petrel_sp_" + std::to_string(++savepointCounter);
        db_.exec("SAVEPOINT " + savepoint_);
    } else {
        db_.exec("BEGIN IMMEDIATE");
    }
}

Txn::~Txn() {
    if (done_) return;
    try {
        rollback();
    } catch (...) {
        // A destructor must not throw; SQLite rolls back by itself when the connection closes.
    }
}

void Txn::commit() {
    if (done_) throw model::Error(model::ErrorKind::Usage, "transaction already finished");
    if (nested())
        db_.exec("RELEASE " + savepoint_);
    else
        db_.exec("COMMIT");
    done_ = true;
}

void Txn::rollback() {
    if (done_) return;
    done_ = true;
    if (nested()) {
        db_.exec("ROLLBACK TO " + savepoint_);
        db_.exec("RELEASE " + savepoint_);
    } else if (db_.inTransaction()) {
        // Some errors (SQLITE_FULL, IOERR) already rolled the transaction back.
        db_.exec("ROLLBACK");
    }
}

}  // namespace petrel::store
