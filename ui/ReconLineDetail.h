#pragma once

#include "Apis.h"

#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QTextBrowser>

#include <optional>

// The detail of one reconciliation line, next to the review table: the bank's data beside the
// payments or settlement batches the line matched or was offered (fetched on demand and kept until
// clearCache()), its score, its field-level reasons and its review.
class ReconLineDetail : public QTextBrowser {
    Q_OBJECT

public:
    ReconLineDetail(BackendClient* client, QWidget* parent = nullptr);

    // Shows line (none: the hint to select one) and fetches the records it refers to.
    void setLine(const std::optional<ReconLine>& line);
    // The line shown, as the API sent it (empty when none).
    QJsonObject line() const { return m_line ? m_line->source : QJsonObject(); }
    // Forgets the fetched records (their states may have changed on the backend).
    void clearCache();
    // Renders the current line again (after a language change).
    void render();

Q_SIGNALS:
    // The detail is complete: nothing it shows is still loading.
    void loaded();

private:
    // A payment or a settlement batch of the Paydesk side, or why it could not be read.
    struct Item {
        std::optional<MatchedItem> record;
        QString error;
    };
    struct Counterpart {
        bool loading = true;
        std::optional<ReconLine> line;
        QString error;
    };

    void loadItem(const QString& id);
    void loadCounterpart(qint64 lineId);
    QString header() const;
    QString bankBlock(const ReconLine& bankLine) const;
    QString itemBlock(const QString& id, const QString& caption, const QString& extra, bool& pending) const;
    static QString paymentSummary(const PaymentRow& payment);
    static QString batchSummary(const SettlementBatch& batch);
    QString bankSide(bool& pending) const;
    QString paydeskSide(bool& pending) const;
    QString proposalBlock(bool& pending) const;
    QString reasonsBlock() const;
    QString reviewBlock() const;

    ReconApi m_api;
    std::optional<ReconLine> m_line;
    QHash<QString, Item> m_items;  // payments and batches, by id
    QSet<QString> m_itemsLoading;
    QHash<qint64, Counterpart> m_counterparts;  // bank lines matching an expected item
};
