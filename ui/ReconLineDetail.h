#pragma once

#include "Apis.h"

#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QTextBrowser>

// The detail of one reconciliation line, next to the review table: the bank's data beside the
// payments or settlement batches the line matched or was offered (fetched on demand and kept until
// clearCache()), its score, its field-level reasons and its review.
class ReconLineDetail : public QTextBrowser {
    Q_OBJECT

public:
    ReconLineDetail(BackendClient* client, QWidget* parent = nullptr);

    // Shows line (an empty object: the hint to select one) and fetches the records it refers to.
    void setLine(const QJsonObject& line);
    QJsonObject line() const { return m_line; }
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
        QJsonObject record;
        QString error;
    };
    struct Counterpart {
        bool loading = true;
        QJsonObject line;
        QString error;
    };

    void loadItem(const QString& id);
    void loadCounterpart(qint64 lineId);
    QString header() const;
    QString bankBlock(const QJsonObject& bankLine) const;
    QString itemBlock(const QString& id, const QString& caption, const QString& extra, bool& pending) const;
    QString itemSummary(const QString& id, const QJsonObject& record) const;
    QString bankSide(bool& pending) const;
    QString paydeskSide(bool& pending) const;
    QString proposalBlock(bool& pending) const;
    QString reasonsBlock() const;
    QString reviewBlock() const;

    ReconApi m_api;
    QJsonObject m_line;
    QHash<QString, Item> m_items;  // payments and batches, by id
    QSet<QString> m_itemsLoading;
    QHash<qint64, Counterpart> m_counterparts;  // bank lines matching an expected item
};
