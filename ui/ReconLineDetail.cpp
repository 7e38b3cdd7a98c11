#include "ReconLineDetail.h"

#include "Formatting.h"
#include "ReconModels.h"
#include "ReconciliationPanel.h"

namespace {

constexpr int MaxDetailItems = 12;  // records fetched for one line's detail

QString escaped(const QString& text) {
    return text.toHtmlEscaped();
}

bool isBank(const ReconLine& line) {
    return line.side == ReconSide::Bank;
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

void ReconLineDetail::setLine(const std::optional<ReconLine>& line) {
    m_line = line;
    // The records the detail compares: matched items, proposed items, the expected item, the bank
    // line that matched an expected item.
    if (m_line) {
        QStringList ids = m_line->matchedIds;
        if (!isBank(*m_line)) {
            ids = {m_line->itemId.value_or(QString())};
            if (!m_line->matchedIds.isEmpty()) {
                loadCounterpart(m_line->matchedIds.constFirst().toLongLong());
            }
        }
        if (m_line->proposal) {
            for (const ReconProposalItem& item : std::as_const(m_line->proposal->items)) {
                ids.append(item.id);
            }
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
        [this, id](const ApiResult<MatchedItem>& item) {
            m_itemsLoading.remove(id);
            m_items.insert(id, item.ok() ? Item{item.value(), QString()}
                                         : Item{std::nullopt, BackendClient::describe(item.error())});
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
                                  line.ok() ? Counterpart{false, line.value(), QString()}
                                            : Counterpart{false, std::nullopt, BackendClient::describe(line.error())});
            render();
        },
        this);
}

void ReconLineDetail::render() {
    if (!m_line) {
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
    const ReconLine& l = *m_line;
    QString html =
        QStringLiteral("<h3 style=\"margin:0\"><span style=\"color:%1\">&#9679;</span> %2 · %3</h3>")
            .arg(ReconText::outcomeColor(l.outcomeText).name(), escaped(ReconText::outcomeLabel(l.outcomeText)),
                 escaped(ReconText::statusLabel(l.statusText)));
    QStringList facts;
    facts.append(ReconciliationPanel::tr("line %1").arg(l.lineId));
    if (isBank(l) && l.lineNo) {
        facts.append(ReconciliationPanel::tr("row %1 of the file").arg(*l.lineNo));
    }
    facts.append(ReconciliationPanel::tr("match: %1").arg(l.matchType));
    facts.append(ReconciliationPanel::tr("score %1").arg(l.score));
    return html + QStringLiteral("<p style=\"margin:2px 0 6px 0; color:#616161\">%1</p>")
                      .arg(escaped(facts.join(QStringLiteral(" · "))));
}

// Bank side: the line itself, or for an expected item the bank line that matched it.
QString ReconLineDetail::bankBlock(const ReconLine& b) const {
    QString t = QStringLiteral("<table cellspacing=\"0\">");
    QString when = b.date;
    if (!b.time.isEmpty()) {
        when += QLatin1Char(' ') + b.time;
    }
    t += row(ReconciliationPanel::tr("Date"), escaped(when));
    t += row(ReconciliationPanel::tr("Amount"),
             QStringLiteral("<b>%1</b>").arg(escaped(Formatting::money(b.amount, b.currency))));
    t += row(ReconciliationPanel::tr("Memo"), escaped(b.memo));
    t += row(ReconciliationPanel::tr("Reference"), escaped(b.reference));
    t += row(ReconciliationPanel::tr("Branch"), escaped(b.branch));
    if (b.balance) {
        t += row(ReconciliationPanel::tr("Balance"), escaped(Formatting::money(*b.balance, b.currency)));
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
    const auto* batch = std::get_if<SettlementBatch>(&*it->record);
    return t + (batch ? batchSummary(*batch) : paymentSummary(std::get<PaymentRow>(*it->record))) +
           QStringLiteral("</p>");
}

QString ReconLineDetail::batchSummary(const SettlementBatch& o) {
    return escaped(ReconciliationPanel::tr("settlement batch of %1 for %2, %3")
                       .arg(o.merchantId, o.businessDay.toString(Qt::ISODate), o.stateText)) +
           QStringLiteral("<br>") +
           escaped(ReconciliationPanel::tr("payout %1").arg(Formatting::money(o.payoutAmount, o.currency)));
}

QString ReconLineDetail::paymentSummary(const PaymentRow& o) {
    const qint64 expected = o.capturedAmount - o.refundedAmount;
    QString t = escaped(ReconciliationPanel::tr("payment of %1, %2").arg(o.merchantId, o.statusText));
    t += QStringLiteral("<br>") +
         escaped(ReconciliationPanel::tr("expected in the bank %1 (captured %2, refunded %3)")
                     .arg(Formatting::money(expected, o.currency), Formatting::money(o.capturedAmount, o.currency),
                          Formatting::money(o.refundedAmount, o.currency)));
    t += QStringLiteral("<br>") + escaped(ReconciliationPanel::tr("requested %1").arg(Formatting::time(o.requestedAt)));
    return t;
}

QString ReconLineDetail::bankSide(bool& pending) const {
    if (isBank(*m_line)) {
        return bankBlock(*m_line);
    }
    const QStringList& matched = m_line->matchedIds;
    const qint64 bankLine = matched.isEmpty() ? 0 : matched.constFirst().toLongLong();
    if (bankLine == 0) {
        return grey(ReconciliationPanel::tr("Not in the bank statement."));
    }
    const Counterpart counterpart = m_counterparts.value(bankLine, Counterpart{false, std::nullopt, {}});
    if (counterpart.loading) {
        pending = true;
        return escaped(ReconciliationPanel::tr("loading…"));
    }
    if (!counterpart.error.isEmpty()) {
        return escaped(counterpart.error);
    }
    return QStringLiteral("<p style=\"margin:0\">%1</p>")
               .arg(escaped(ReconciliationPanel::tr("line %1").arg(bankLine))) +
           (counterpart.line ? bankBlock(*counterpart.line) : QString());
}

QString ReconLineDetail::paydeskSide(bool& pending) const {
    const ReconLine& l = *m_line;
    const QStringList& matched = l.matchedIds;
    QString side;
    if (isBank(l)) {
        for (const QString& id : matched.mid(0, MaxDetailItems)) {
            side += itemBlock(id,
                              ReconApi::isBatchId(id) ? ReconciliationPanel::tr("Matched batch")
                                                      : ReconciliationPanel::tr("Matched payment"),
                              QString(), pending);
        }
        if (matched.size() > 1 && l.matchedAmount) {
            side +=
                QStringLiteral("<p>%1</p>")
                    .arg(escaped(
                        ReconciliationPanel::tr("together %1").arg(Formatting::money(*l.matchedAmount, l.currency))));
        }
    } else {
        side = itemBlock(l.itemId.value_or(QString()),
                         l.itemType == QLatin1String("batch") ? ReconciliationPanel::tr("Expected batch")
                                                              : ReconciliationPanel::tr("Expected payment"),
                         QString(), pending);
        side += QStringLiteral("<p>%1</p>")
                    .arg(escaped(
                        ReconciliationPanel::tr("expected amount %1").arg(Formatting::money(l.amount, l.currency))));
    }
    side += proposalBlock(pending);
    if (side.isEmpty()) {
        side = grey(ReconciliationPanel::tr("No payment or settlement batch matched or suggested."));
    }
    return side;
}

QString ReconLineDetail::proposalBlock(bool& pending) const {
    if (!isBank(*m_line) || !m_line->matchedIds.isEmpty() || !m_line->proposal) {
        return {};
    }
    const ReconProposal& proposal = *m_line->proposal;
    const QString& currency = m_line->currency;
    const bool subset = proposal.kind == QLatin1String("SUBSET");
    QString block =
        QStringLiteral("<p style=\"margin:0\"><i>%1</i></p>")
            .arg(escaped(subset ? ReconciliationPanel::tr("Proposed one-to-many match (score %1):").arg(proposal.score)
                                : ReconciliationPanel::tr("Suggested match (score %1):").arg(proposal.score)));
    for (const ReconProposalItem& item : proposal.items) {
        block += itemBlock(
            item.id,
            ReconApi::isBatchId(item.id) ? ReconciliationPanel::tr("Proposed batch")
                                         : ReconciliationPanel::tr("Proposed payment"),
            ReconciliationPanel::tr("%1, business day %2").arg(Formatting::money(item.amount, currency), item.date),
            pending);
    }
    return block;
}

QString ReconLineDetail::reasonsBlock() const {
    if (m_line->reasons.isEmpty()) {
        return {};
    }
    const QString& currency = m_line->currency;
    QString html =
        QStringLiteral("<p style=\"margin:8px 0 2px 0\"><b>%1</b></p><table cellspacing=\"0\" cellpadding=\"2\">")
            .arg(escaped(ReconciliationPanel::tr("Reasons")));
    for (const ReconReason& r : m_line->reasons) {
        QString message = escaped(r.message);
        if (r.expected && r.actual) {
            message += QStringLiteral("<br><span style=\"color:#616161\">%1</span>")
                           .arg(escaped(ReconciliationPanel::tr("expected %1, bank %2")
                                            .arg(Formatting::money(*r.expected, currency),
                                                 Formatting::money(*r.actual, currency))));
        }
        html +=
            QStringLiteral("<tr><td valign=\"top\" style=\"color:#616161; padding-right:8px\">%1</td><td>%2</td></tr>")
                .arg(escaped(r.field), message);
    }
    return html + QStringLiteral("</table>");
}

QString ReconLineDetail::reviewBlock() const {
    const QString reviewer = m_line->reviewedBy.value_or(QString());
    if (reviewer.isEmpty()) {
        return {};
    }
    const QString note = m_line->note.value_or(QString());
    QString html = QStringLiteral("<p style=\"margin:8px 0 0 0\"><b>%1</b> %2</p>")
                       .arg(escaped(ReconciliationPanel::tr("Review:")),
                            escaped(ReconciliationPanel::tr("%1 at %2")
                                        .arg(reviewer, Formatting::time(m_line->reviewedAt.value_or(QDateTime())))));
    if (!note.isEmpty()) {
        html += QStringLiteral("<p style=\"margin:2px 0 0 0\">%1</p>")
                    .arg(escaped(ReconciliationPanel::tr("Note: %1").arg(note)));
    }
    return html;
}
