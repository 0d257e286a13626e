#pragma once

namespace petrel::store {

class Db;

// Groups several reads into one consistent snapshot (a deferred transaction, which in WAL
// mode never blocks a writer). Inside a transaction that is already open it does nothing:
// that transaction is the snapshot. Works on read-only connections, unlike Txn.
class ReadSnapshot {
public:
    explicit ReadSnapshot(Db& db);
    ~ReadSnapshot();
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;

    // True when this object opened the transaction (so nothing can roll back under it).
    bool owned() const { return owned_; }

private:
    Db& db_;
    bool owned_ = false;
};

}  // namespace petrel::store
