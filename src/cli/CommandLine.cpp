#include "cli/CommandLine.h"

#include <charconv>

#include "model/Error.h"

namespace petrel::cli {
using model::Error;
using model::ErrorKind;

CommandLine CommandLine::parse(const std::vector<std::string>& args, const OptionSpec& spec) {
    CommandLine cl;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg.size() < 3 || arg.rfind("--", 0) != 0) {
            cl.positional_.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2);
        std::optional<std::string> inlineValue;
        if (auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (spec.flags.count(name)) {
            if (inlineValue) throw Error(ErrorKind::Usage, "--" + name + " takes no value");
            cl.flags_.insert(name);
        } else if (spec.values.count(name)) {
            if (inlineValue) {
                cl.values_[name] = *inlineValue;
            } else {
                if (i + 1 >= args.size()) throw Error(ErrorKind::Usage, "--" + name + " needs a value");
                cl.values_[name] = args[++i];
            }
        } else if (spec.lists.count(name)) {
            auto& items = cl.lists_[name];
            if (inlineValue) {
                items.push_back(*inlineValue);
                continue;
            }
            std::size_t before = items.size();
            while (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0) items.push_back(args[++i]);
            if (items.size() == before) throw Error(ErrorKind::Usage, "--" + name + " needs a value");
        } else {
            throw Error(ErrorKind::Usage, "unknown option --" + name);
        }
    }
    return cl;
}

std::optional<std::string> CommandLine::value(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

std::string CommandLine::require(const std::string& name) const {
    auto v = value(name);
    if (!v || v->empty()) throw Error(ErrorKind::Usage, "--" + name + " is required");
    return *v;
}

std::vector<std::string> CommandLine::list(const std::string& name) const {
    auto it = lists_.find(name);
    return it == lists_.end() ? std::vector<std::string>{} : it->second;
}

std::optional<long long> CommandLine::number(const std::string& name, long long min, long long max) const {
    auto v = value(name);
    if (!v) return std::nullopt;
    long long n = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || end != v->data() + v->size() || n < min || n > max) {
        throw Error(ErrorKind::Usage, "--" + name + " must be a number from " + std::to_string(min) + " to " +
                                          std::to_string(max) + ", not '" + *v + "'");
    }
    return n;
}

}  // namespace petrel::cli
