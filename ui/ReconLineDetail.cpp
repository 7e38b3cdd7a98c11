#include "ReconLineDetail.h"

#include "Formatting.h"
#include "ReconModels.h"
#include "ReconciliationPanel.h"

#include <QJsonArray>

namespace {

constexpr int MaxDetailItems = 12;  // records fetched for one line's detail

QString escaped(const QString& text) {
    return text.toHtmlEscaped();
}

qint64 count(const QJsonObject& o, const char* key) {
    return o.value(QString::fromLatin1(key)).toInteger();
}

bool isBank(const QJsonObject& line) {
    return line.value(QStringLiteral("side")).toString() == QLatin1String("BANK");
}

QString row(const QString& label, const QString& value) {
    if (value.isEmpty()) {
        return {};
    }
    return QStringLiteral("<tr><td style=\"color:#616161; padding-right:8px\">%1</td><td>%2</td></tr>")
        .arg(label.toHtmlEscaped(), value);
}

QString grey(const QString& text) {
    return QStringLiteral("<p style=\"color:#757575\">%1</p>").arg(escaped(text));
}

}  // namespace

ReconLineDetail::ReconLineDetail(BackendClient* client, QWidget* parent) : QTextBrowser(parent), m_api(client) {
    setOpenLinks(false);
    setAcceptDrops(false);
    viewport()->setAcceptDrops(false);
    setMinimumWidth(280);
}

void ReconLineDetail::setLine(const QJsonObject& line) {
    m_line = line;
    // The records the detail compares: matched items, proposed items, the expected item, the bank
    // line that matched an expected item.
    if (!m_line.isEmpty()) {
        QStringList ids = ReconText::matchedIds(m_line);
        if (!isBank(m_line)) {
            ids = {m_line.value(QStringLiteral("itemId")).toString()};
            const QStringList bankLines = ReconText::matchedIds(m_line);
            if (!bankLines.isEmpty()) {
                loadCounterpart(bankLines.constFirst().toLongLong());
            }
        }
        const QJsonArray proposed =
            m_line.value(QStringLiteral("proposal")).toObject().value(QStringLiteral("items")).toArray();
        for (const QJsonValue& item : proposed) {
            ids.append(item.toObject().value(QStringLiteral("id")).toString());
        }
        for (const QString& id : ids.mid(0, MaxDetailItems)) {
            loadItem(id);
        }
    }
    render();
}

void ReconLineDetail::clearCache() {
    m_items.clear();
    m_counterparts.clear();
}

void ReconLineDetail::loadItem(const QString& id) {
    if (id.isEmpty() || m_items.contains(id) || m_itemsLoading.contains(id)) {
        return;
    }
    m_itemsLoading.insert(id);
    m_api.matchedItem(
        id,
        [this, id](const BackendResponse& response) {
            m_itemsLoading.remove(id);
            m_items.insert(id, response.ok() ? Item{response.json.object(), QString()}
                                             : Item{QJsonObject(), BackendClient::describe(*response.error)});
            render();
        },
        this);
}

void ReconLineDetail::loadCounterpart(qint64 lineId) {
    if (lineId <= 0 || m_counterparts.contains(lineId)) {
        return;
    }
    m_counterparts.insert(lineId, Counterpart{});
    m_api.line(
        lineId,
        [this, lineId](const ApiResult<ReconLine>& line) {
            m_counterparts.insert(lineId,
                                  line.ok() ? Counterpart{false, line.value().source, QString()}
                                            : Counterpart{false, QJsonObject(), BackendClient::describe(line.error())});
            render();
        },
        this);
}

void ReconLineDetail::render() {
    if (m_line.isEmpty()) {
        setHtml(
            grey(ReconciliationPanel::tr("Select a line to compare the bank's data with Paydesk's: the "
                                         "payments or settlement batches it matched or was offered, its "
                                         "score and the reasons, field by field.")));
        return;
    }
    bool pending = false;
    const QString bank = bankSide(pending);
    const QString paydesk = paydeskSide(pending);
    QString html = header();
    html += QStringLiteral(
                "<table width=\"100%\" cellspacing=\"0\" cellpadding=\"4\" style=\"border:1px solid #bdbdbd\">"
                "<tr><th align=\"left\" style=\"background:#eeeeee\">%1</th>"
                "<th align=\"left\" style=\"background:#eeeeee\">%2</th></tr>"
                "<tr><td valign=\"top\" width=\"50%\">%3</td><td valign=\"top\" width=\"50%\">%4</td></tr></table>")
                .arg(escaped(ReconciliationPanel::tr("Bank statement")), escaped(ReconciliationPanel::tr("Paydesk")),
                     bank, paydesk);
    html += reasonsBlock();
    html += reviewBlock();
    setHtml(html);
    if (!pending) {
        Q_EMIT loaded();
    }
}

// The outcome and status as a heading, the line's id, row, match type and score under it.
QString ReconLineDetail::header() const {
    const QJsonObject& l = m_line;
    const QString outcome = l.value(QStringLiteral("outcome")).toString();
    QString html = QStringLiteral("<h3 style=\"margin:0\"><span style=\"color:%1\">&#9679;</span> %2 · %3</h3>")
                       .arg(ReconText::outcomeColor(outcome).name(), escaped(ReconText::outcomeLabel(outcome)),
                            escaped(ReconText::statusLabel(l.value(QStringLiteral("status")).toString())));
    QStringList facts;
    facts.append(ReconciliationPanel::tr("line %1").arg(ReconText::lineId(l)));
    if (isBank(l) && l.value(QStringLiteral("lineNo")).isDouble()) {
        facts.append(ReconciliationPanel::tr("row %1 of the file").arg(l.value(QStringLiteral("lineNo")).toInteger()));
    }
    facts.append(ReconciliationPanel::tr("match: %1").arg(l.value(QStringLiteral("matchType")).toString()));
    facts.append(ReconciliationPanel::tr("score %1").arg(l.value(QStringLiteral("score")).toInteger()));
    return html + QStringLiteral("<p style=\"margin:2px 0 6px 0; color:#616161\">%1</p>")
                      .arg(escaped(facts.join(QStringLiteral(" · "))));
}

// Bank side: the line itself, or for an expected item the bank line that matched it.
QString ReconLineDetail::bankBlock(const QJsonObject& b) const {
    QString t = QStringLiteral("<table cellspacing=\"0\">");
    QString when = b.value(QStringLiteral("date")).toString();
    if (!b.value(QStringLiteral("time")).toString().isEmpty()) {
        when += QLatin1Char(' ') + b.value(QStringLiteral("time")).toString();
    }
    t += row(ReconciliationPanel::tr("Date"), escaped(when));
    t += row(ReconciliationPanel::tr("Amount"),
             QStringLiteral("<b>%1</b>").arg(escaped(Formatting::money(b, QStringLiteral("amount")))));
    t += row(ReconciliationPanel::tr("Memo"), escaped(b.value(QStringLiteral("memo")).toString()));
    t += row(ReconciliationPanel::tr("Reference"), escaped(b.value(QStringLiteral("reference")).toString()));
    t += row(ReconciliationPanel::tr("Branch"), escaped(b.value(QStringLiteral("branch")).toString()));
    if (b.value(QStringLiteral("balance")).isDouble()) {
        t += row(ReconciliationPanel::tr("Balance"), escaped(Formatting::money(b, QStringLiteral("balance"))));
    }
    return t + QStringLiteral("</table>");
}

// Paydesk side: one payment or settlement batch.
QString ReconLineDetail::itemBlock(const QString& id, const QString& caption, const QString& extra,
                                   bool& pending) const {
    QString t = QStringLiteral("<p style=\"margin:0 0 6px 0\"><b>%1</b> %2<br>").arg(escaped(caption), escaped(id));
    if (!extra.isEmpty()) {
        t += escaped(extra) + QStringLiteral("<br>");
    }
    const auto it = m_items.constFind(id);
    if (it == m_items.constEnd()) {
        pending = pending || m_itemsLoading.contains(id);
        return t + escaped(ReconciliationPanel::tr("loading…")) + QStringLiteral("</p>");
    }
    if (!it->error.isEmpty()) {
        return t + QStringLiteral("<span style=\"color:#c62828\">%1</span></p>").arg(escaped(it->error));
    }
    return t + itemSummary(id, it->record) + QStringLiteral("</p>");
}

QString ReconLineDetail::itemSummary(const QString& id, const QJsonObject& o) const {
    if (ReconApi::isBatchId(id)) {
        return escaped(ReconciliationPanel::tr("settlement batch of %1 for %2, %3")
                           .arg(o.value(QStringLiteral("merchantId")).toString(),
                                o.value(QStringLiteral("businessDay")).toString(),
                                o.value(QStringLiteral("state")).toString())) +
               QStringLiteral("<br>") +
               escaped(ReconciliationPanel::tr("payout %1").arg(Formatting::money(o, QStringLiteral("payoutAmount"))));
    }
    const qint64 expected = count(o, "capturedAmount") - count(o, "refundedAmount");
    QString t = escaped(
        ReconciliationPanel::tr("payment of %1, %2")
            .arg(o.value(QStringLiteral("merchantId")).toString(), o.value(QStringLiteral("status")).toString()));
    t += QStringLiteral("<br>") +
         escaped(ReconciliationPanel::tr("expected in the bank %1 (captured %2, refunded %3)")
                     .arg(Formatting::money(expected, o.value(QStringLiteral("currency")).toString()),
                          Formatting::money(o, QStringLiteral("capturedAmount")),
                          Formatting::money(o, QStringLiteral("refundedAmount"))));
    t +=
        QStringLiteral("<br>") + escaped(ReconciliationPanel::tr("requested %1")
                                             .arg(Formatting::time(o.value(QStringLiteral("requestedAt")).toString())));
    return t;
}

QString ReconLineDetail::bankSide(bool& pending) const {
    if (isBank(m_line)) {
        return bankBlock(m_line);
    }
    const QStringList matched = ReconText::matchedIds(m_line);
    const qint64 bankLine = matched.isEmpty() ? 0 : matched.constFirst().toLongLong();
    if (bankLine == 0) {
        return grey(ReconciliationPanel::tr("Not in the bank statement."));
    }
    const Counterpart counterpart = m_counterparts.value(bankLine, Counterpart{false, {}, {}});
    if (counterpart.loading) {
        pending = true;
        return escaped(ReconciliationPanel::tr("loading…"));
    }
    if (!counterpart.error.isEmpty()) {
        return escaped(counterpart.error);
    }
    return QStringLiteral("<p style=\"margin:0\">%1</p>")
               .arg(escaped(ReconciliationPanel::tr("line %1").arg(bankLine))) +
           bankBlock(counterpart.line);
}

QString ReconLineDetail::paydeskSide(bool& pending) const {
    const QJsonObject& l = m_line;
    const QString currency = l.value(QStringLiteral("currency")).toString();
    const QStringList matched = ReconText::matchedIds(l);
    QString side;
    if (isBank(l)) {
        for (const QString& id : matched.mid(0, MaxDetailItems)) {
            side += itemBlock(id,
                              ReconApi::isBatchId(id) ? ReconciliationPanel::tr("Matched batch")
                                                      : ReconciliationPanel::tr("Matched payment"),
                              QString(), pending);
        }
        if (matched.size() > 1 && l.value(QStringLiteral("matchedAmount")).isDouble()) {
            side += QStringLiteral("<p>%1</p>")
                        .arg(escaped(ReconciliationPanel::tr("together %1")
                                         .arg(Formatting::money(count(l, "matchedAmount"), currency))));
        }
    } else {
        side = itemBlock(l.value(QStringLiteral("itemId")).toString(),
                         l.value(QStringLiteral("itemType")).toString() == QLatin1String("batch")
                             ? ReconciliationPanel::tr("Expected batch")
                             : ReconciliationPanel::tr("Expected payment"),
                         QString(), pending);
        side +=
            QStringLiteral("<p>%1</p>")
                .arg(escaped(
                    ReconciliationPanel::tr("expected amount %1").arg(Formatting::money(l, QStringLiteral("amount")))));
    }
    side += proposalBlock(pending);
    if (side.isEmpty()) {
        side = grey(ReconciliationPanel::tr("No payment or settlement batch matched or suggested."));
    }
    return side;
}

QString ReconLineDetail::proposalBlock(bool& pending) const {
    const QJsonObject proposal = m_line.value(QStringLiteral("proposal")).toObject();
    if (!isBank(m_line) || !ReconText::matchedIds(m_line).isEmpty() || proposal.isEmpty()) {
        return {};
    }
    const QString currency = m_line.value(QStringLiteral("currency")).toString();
    const qint64 score = proposal.value(QStringLiteral("score")).toInteger();
    const bool subset = proposal.value(QStringLiteral("kind")).toString() == QLatin1String("SUBSET");
    QString block =
        QStringLiteral("<p style=\"margin:0\"><i>%1</i></p>")
            .arg(escaped(subset ? ReconciliationPanel::tr("Proposed one-to-many match (score %1):").arg(score)
                                : ReconciliationPanel::tr("Suggested match (score %1):").arg(score)));
    const QJsonArray items = proposal.value(QStringLiteral("items")).toArray();
    for (const QJsonValue& value : items) {
        const QJsonObject item = value.toObject();
        const QString id = item.value(QStringLiteral("id")).toString();
        block += itemBlock(
            id,
            ReconApi::isBatchId(id) ? ReconciliationPanel::tr("Proposed batch")
                                    : ReconciliationPanel::tr("Proposed payment"),
            ReconciliationPanel::tr("%1, business day %2")
                .arg(Formatting::money(count(item, "amount"), currency), item.value(QStringLiteral("date")).toString()),
            pending);
    }
    return block;
}

QString ReconLineDetail::reasonsBlock() const {
    const QJsonArray reasons = m_line.value(QStringLiteral("reasons")).toArray();
    if (reasons.isEmpty()) {
        return {};
    }
    const QString currency = m_line.value(QStringLiteral("currency")).toString();
    QString html =
        QStringLiteral("<p style=\"margin:8px 0 2px 0\"><b>%1</b></p><table cellspacing=\"0\" cellpadding=\"2\">")
            .arg(escaped(ReconciliationPanel::tr("Reasons")));
    for (const QJsonValue& value : reasons) {
        const QJsonObject r = value.toObject();
        QString message = escaped(r.value(QStringLiteral("message")).toString());
        if (r.contains(QStringLiteral("expected")) && r.contains(QStringLiteral("actual"))) {
            message += QStringLiteral("<br><span style=\"color:#616161\">%1</span>")
                           .arg(escaped(ReconciliationPanel::tr("expected %1, bank %2")
                                            .arg(Formatting::money(count(r, "expected"), currency),
                                                 Formatting::money(count(r, "actual"), currency))));
        }
        html +=
            QStringLiteral("<tr><td valign=\"top\" style=\"color:#616161; padding-right:8px\">%1</td><td>%2</td></tr>")
                .arg(escaped(r.value(QStringLiteral("field")).toString()), message);
    }
    return html + QStringLiteral("</table>");
}

QString ReconLineDetail::reviewBlock() const {
    const QString reviewer = m_line.value(QStringLiteral("reviewedBy")).toString();
    if (reviewer.isEmpty()) {
        return {};
    }
    const QString note = m_line.value(QStringLiteral("note")).toString();
    QString html =
        QStringLiteral("<p style=\"margin:8px 0 0 0\"><b>%1</b> %2</p>")
            .arg(escaped(ReconciliationPanel::tr("Review:")),
                 escaped(ReconciliationPanel::tr("%1 at %2")
                             .arg(reviewer, Formatting::time(m_line.value(QStringLiteral("reviewedAt")).toString()))));
    if (!note.isEmpty()) {
        html += QStringLiteral("<p style=\"margin:2px 0 0 0\">%1</p>")
                    .arg(escaped(ReconciliationPanel::tr("Note: %1").arg(note)));
    }
    return html;
}
