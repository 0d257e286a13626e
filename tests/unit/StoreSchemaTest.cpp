#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "store/Db.h"
#include "store/MessageIndex.h"

using petrel::store::Db;
using petrel::store::MessageIndex;
using petrel::store::PageQuery;
using petrel::store::SortKey;

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::vector<std::string> planOf(Db& db, const std::string& sql) {
    auto st = db.prepare("EXPLAIN QUERY PLAN " + sql);
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.getText(3));
    return out;
}

}  // namespace

TEST(StoreSchema, AccountsHaveNoColumnForASecret) {
    Db db(":memory:");
    auto st = db.prepare("SELECT name FROM pragma_table_info('accounts')");
    int columns = 0;
    while (st.step()) {
        ++columns;
        const std::string name = lower(st.getText(0));
        EXPECT_EQ(name.find("pass"), std::string::npos) << name;
        EXPECT_EQ(name.find("secret"), std::string::npos) << name;
        EXPECT_EQ(name.find("token"), std::string::npos) << name;
    }
    EXPECT_GT(columns, 10);
}

TEST(StoreSchema, EveryForeignKeyHasAnIndexOnItsChildColumn) {
    // Without one, each delete of a parent row scans the whole child table.
    Db db(":memory:");
    auto tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE '%VIRTUAL%'");
    int foreignKeys = 0;
    while (tables.step()) {
        const std::string table = tables.getText(0);
        auto fks = db.prepare("SELECT \"from\" FROM pragma_foreign_key_list(?1)");
        fks.bind(1, table);
        while (fks.step()) {
            ++foreignKeys;
            const std::string column = fks.getText(0);
            // The column must lead some index of the table (or be the primary key).
            auto lead = db.prepare("SELECT 1 FROM pragma_index_list(?1) il "
                                   "JOIN pragma_index_info(il.name) ii ON ii.seqno = 0 WHERE ii.name = ?2 "
                                   "UNION SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2 AND pk = 1");
            lead.bind(1, table).bind(2, column);
            EXPECT_TRUE(lead.step()) << table << "." << column << " has no index";
        }
    }
    EXPECT_GE(foreignKeys, 9);
}

TEST(StoreSchema, EveryListOrderWalksOneCoveringIndexWithoutSorting) {
    Db db(":memory:");
    for (SortKey key : {SortKey::Date, SortKey::From, SortKey::Subject, SortKey::Size}) {
        for (bool desc : {false, true}) {
            for (bool unread : {false, true}) {
                PageQuery q;
                q.sort = key;
                q.descending = desc;
                q.unreadOnly = unread;
                std::vector<std::string> variants = {MessageIndex::pageSql(q)};
                variants.push_back(MessageIndex::pageSql(q, true));
                for (const auto& sql : variants) {
                    const auto plan = planOf(db, sql);
                    ASSERT_EQ(plan.size(), 1u) << sql;
                    EXPECT_NE(plan[0].find("USING INDEX messages_by_"), std::string::npos) << plan[0];
                    EXPECT_EQ(plan[0].find("TEMP B-TREE"), std::string::npos) << plan[0];
                }
            }
        }
    }
}

TEST(StoreSchema, CountsAndUidListsUseIndexes) {
    Db db(":memory:");
    for (const char* sql : {"SELECT uid FROM messages WHERE folder_id = 1 ORDER BY uid",
                            "SELECT count(*) FROM messages WHERE folder_id = 1 AND unread = 1",
                            "SELECT max(uid) FROM messages WHERE folder_id = 1"}) {
        const auto plan = planOf(db, sql);
        ASSERT_FALSE(plan.empty());
        EXPECT_NE(plan[0].find("COVERING INDEX"), std::string::npos) << sql << ": " << plan[0];
        EXPECT_EQ(plan[0].find("TEMP B-TREE"), std::string::npos) << plan[0];
    }
}
