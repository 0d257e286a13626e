#pragma once
#include <string>

namespace petrel::store {

class Db;

// A write transaction that rolls back unless commit() was reached. BEGIN IMMEDIATE takes the
// write lock up front so a reader never has to be upgraded mid-transaction (which fails with
// SQLITE_BUSY in WAL mode regardless of busy_timeout). Inside an open transaction it becomes a
// SAVEPOINT, so a repository can wrap its own work and still join the caller's transaction.
class Txn {
public:
    explicit Txn(Db& db);
    ~Txn();
    Txn(const Txn&) = delete;
    Txn& operator=(const Txn&) = delete;

    void commit();
    void rollback();
    bool nested() const { return !savepoint_.empty(); }

private:
    Db& db_;
    std::string savepoint_;
    bool done_ = false;
};

}  // namespace petrel::store
