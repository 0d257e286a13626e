#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace petrel::cli {

// What options a command accepts. Options not declared here are a usage error, so a typo never
// silently does something else.
struct OptionSpec {
    std::set<std::string> values;  // --name VALUE
    std::set<std::string> flags;   // --name
    std::set<std::string> lists;   // --name VALUE [VALUE...] (until the next --option), repeatable
};

// A parsed command line: positional words and options. Values keep their order.
class CommandLine {
public:
    // Throws model::Error(Usage) for unknown options or a missing value.
    static CommandLine parse(const std::vector<std::string>& args, const OptionSpec& spec);

    const std::vector<std::string>& positional() const { return positional_; }
    std::optional<std::string> value(const std::string& name) const;
    std::string require(const std::string& name) const;  // Usage error when absent
    bool flag(const std::string& name) const { return flags_.count(name) > 0; }
    std::vector<std::string> list(const std::string& name) const;

    // Integer option with range check; Usage error for junk like "12abc".
    std::optional<long long> number(const std::string& name, long long min, long long max) const;

private:
    std::vector<std::string> positional_;
    std::map<std::string, std::string> values_;
    std::set<std::string> flags_;
    std::map<std::string, std::vector<std::string>> lists_;
};

}  // namespace petrel::cli
